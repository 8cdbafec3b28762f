"""The demo catalogue's entries: what a municipality and a region typically list. Swedish for
families and staff, with English summaries for the public page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class E:
    agency: str
    unit: str | None
    name: str
    name_en: str
    summary: str
    summary_en: str
    needs: str  # slugs separated by spaces
    ages: tuple[int, int]
    route: str
    how: str
    how_en: str = ""
    law: str = ""
    cost: str = "Kostnadsfritt"
    wait: str = ""
    where: str = ""
    contact: str = ""
    languages: str = "sv"
    prof: str = ""
    capacity: str = ""
    published: bool = True
    extra: dict = field(default_factory=dict)


U, S, C, K = "Utbildningsförvaltningen", "Socialförvaltningen", "Omsorgsförvaltningen", "Kommunledningsförvaltningen"
BU, BS = "Barn- och utbildningsförvaltningen", "Socialtjänsten"

SCHOOL = [
    E(
        U,
        "Åsens skola",
        "Samtal med skolkurator",
        "Talks with the school counsellor",
        "Skolkuratorn är någon att prata med om sådant som är svårt, i skolan eller hemma. Du kan gå själv "
        "eller tillsammans med en förälder. Kuratorn har tystnadsplikt.",
        "The school counsellor is someone to talk to about what is hard, at school or at home.",
        "anxiety-depression school-absence parenting violence",
        (6, 16),
        "free",
        "Boka tid direkt med kuratorn på skolan, eller be mentorn om hjälp att boka.",
        "Book directly with the counsellor or ask the mentor.",
        "Skollagen 2 kap. 25 §",
        wait="Inom en vecka",
        where="Åsens skola, elevhälsans korridor, vardagar 8–16",
        contact="Sara Lindahl, 031-390 06 12",
        languages="sv en",
        prof=(
            "Psykosocial del av elevhälsan. Stödsamtal, krissamtal, samtal med föräldrar, anmäler oro till "
            "socialtjänsten."
        ),
    ),
    E(
        U,
        "Åsens skola",
        "Skolsköterska och skolläkare",
        "School nurse and school doctor",
        "Skolsköterskan träffar alla elever för hälsobesök och finns för dig som har ont, sover dåligt eller mår "
        "dåligt. Hon kan ordna tid hos skolläkaren.",
        "The school nurse sees every pupil for health visits and is there when you feel unwell.",
        "anxiety-depression sexual-health",
        (6, 16),
        "free",
        "Gå till skolsköterskan under öppen mottagning eller ring och boka tid.",
        "Drop in or call to book.",
        "Skollagen 2 kap. 25 §, HSL",
        where="Öppen mottagning måndag–torsdag 9–11",
        contact="Karin Blom, 031-390 06 13",
        prof=(
            "Medicinsk elevhälsa (hälso- och sjukvård, OSL 25 kap.). Hälsosamtal, vaccinationer, remiss "
            "till vårdcentral och BUP."
        ),
    ),
    E(
        U,
        "Åsens skola",
        "Skolpsykolog: bedömning och konsultation",
        "School psychologist",
        "Skolpsykologen hjälper skolan att förstå varför en elev har det svårt och hur skolan kan anpassa. Ibland "
        "gör psykologen en bedömning av elevens förutsättningar att lära.",
        "The school psychologist helps the school understand a pupil's difficulties and adapt teaching.",
        "learning neuropsychiatric anxiety-depression",
        (6, 16),
        "school",
        "Prata med mentor eller rektor. Elevhälsoteamet beslutar om psykologen ska kopplas in. Vårdnadshavare "
        "tillfrågas alltid.",
        "Ask the mentor or rektor; the student health team decides.",
        "Skollagen 2 kap. 25 §",
        wait="4–6 veckor",
        contact="Elevhälsan, 031-390 06 11",
        prof=(
            "Psykologisk del av elevhälsan. Konsultation till arbetslag, pedagogisk-psykologisk bedömning, "
            "kognitiv utredning inför mottagande i anpassad grundskola."
        ),
    ),
    E(
        U,
        "Åsens skola",
        "Extra anpassningar och specialpedagogiskt stöd",
        "Extra adaptations and special needs support",
        "Om ett barn har svårt att nå målen ska skolan snabbt anpassa undervisningen, till exempel med tydligare "
        "struktur, bildstöd eller extra tid. Räcker det inte utreder rektorn behovet av särskilt stöd.",
        "If a child struggles to reach the goals the school adapts teaching; if that is not enough, special support.",
        "learning neuropsychiatric school-absence",
        (6, 16),
        "school",
        "Prata med mentorn. Rektorn beslutar om särskilt stöd i ett åtgärdsprogram, som går att överklaga.",
        "Talk to the mentor; the rektor decides on special support.",
        "Skollagen 3 kap. 5–12 §§",
        contact="Lena Ström, specialpedagog, 031-390 06 14",
        prof="Specialpedagogisk kartläggning, handledning av lärare, åtgärdsprogram (3 kap. 9 §).",
    ),
    E(
        U,
        "Åsens skola",
        "Studie- och yrkesvägledning",
        "Study and careers guidance",
        "Studie- och yrkesvägledaren hjälper dig att välja gymnasieprogram och tänka kring studier och jobb.",
        "Help to choose an upper-secondary programme and think about studies and work.",
        "occupation",
        (12, 16),
        "free",
        "Boka tid med vägledaren i skolans lärplattform eller på plats.",
        "Book in the school's platform or in person.",
        "Skollagen 2 kap. 29 §",
        where="Åsens skola, tisdagar och torsdagar",
        contact="031-390 06 15",
    ),
    E(
        U,
        "Åsens skola",
        "Elevcoach på Åsens skola",
        "Pupil coach",
        "Elevcoachen stöttar elever som har svårt att komma till skolan eller att få ordning på skoldagen, med "
        "korta träffar varje dag och kontakt med hemmet.",
        "The pupil coach supports pupils who find it hard to get to school, with short daily meetings.",
        "school-absence neuropsychiatric anxiety-depression",
        (12, 16),
        "school",
        "Elevhälsoteamet kopplar in elevcoachen efter samtal med eleven och vårdnadshavarna.",
        "The student health team brings the coach in after talking with the family.",
        "Skollagen 3 kap.",
        capacity="Cirka 12 elever åt gången",
        wait="2–3 veckor",
    ),
    E(
        U,
        None,
        "Närvaroteamet: samordnare för skolnärvaro",
        "School attendance team",
        "När ett barn inte kommer till skolan arbetar närvaroteamet med skolan, barnet och familjen för att hitta "
        "orsakerna och en plan för att komma tillbaka, steg för steg.",
        "When a child stops coming to school, the attendance team works with the school and family on a way back.",
        "school-absence anxiety-depression neuropsychiatric coordination",
        (6, 16),
        "school",
        "Rektorn begär stöd från närvaroteamet när skolans egna insatser inte räcker. Vårdnadshavare kan be "
        "rektorn om det.",
        "The rektor asks for the team; parents can ask the rektor.",
        "Skollagen 7 kap. 19 a §",
        wait="2 veckor",
        contact="Närvarosamordnare, 031-390 06 16",
        prof=(
            "Kartläggning av problematisk skolfrånvaro, stegvis återgång, samordning med socialtjänst och "
            "BUP vid behov, stöd till rektorns utredning."
        ),
    ),
    E(
        U,
        None,
        "Skolpliktsbevakning",
        "Monitoring of compulsory schooling",
        "Kommunen håller reda på att alla barn som bor i kommunen går i skolan.",
        "The municipality checks that every child living here attends school.",
        "school-absence",
        (6, 16),
        "school",
        "Rektor anmäler upprepad eller längre frånvaro till huvudmannen, som utreder.",
        "",
        "Skollagen 7 kap. 19 a §, 7 kap. 21–22 §§",
        contact="Skolpliktshandläggare, 031-390 06 17",
        prof="Huvudmannens utredning av frånvaro, förelägganden, samordning när barn är placerade utanför hemmet.",
        published=False,
    ),
    E(
        U,
        None,
        "Kommunala aktivitetsansvaret (KAA)",
        "Municipal activity responsibility for 16–20",
        "För dig som är 16–20 år och inte går i gymnasiet eller har ett jobb. Vi hjälper dig att hitta en väg "
        "tillbaka till studier, praktik eller arbete.",
        "For 16–20-year-olds who are not in upper-secondary school or work: help back to studies, work "
        "experience or a job.",
        "occupation crime-risk anxiety-depression",
        (16, 20),
        "free",
        "Hör av dig själv, eller så kontaktar vi dig. Du kan också bli tipsad av skolan.",
        "Contact us yourself, or we will contact you.",
        "Skollagen 29 kap. 9 §",
        where="Ungdomens hus, Storgatan 18, vardagar",
        contact="KAA-coacher, 031-390 06 18",
        languages="sv en ar so",
    ),
    E(
        U,
        "Centrumskolan",
        "Särskild undervisningsgrupp, Centrumskolan",
        "Special teaching group",
        "En mindre grupp med fler vuxna för elever som behöver lugn och tydlig struktur för att klara skolan.",
        "A smaller group with more adults for pupils who need calm and clear structure.",
        "neuropsychiatric learning school-absence",
        (7, 12),
        "school",
        "Rektorn beslutar efter en utredning av särskilt stöd och samtal med vårdnadshavarna.",
        "The rektor decides after a special-support investigation.",
        "Skollagen 3 kap. 11 §",
        capacity="8 platser",
        wait="Antagning inför varje termin",
    ),
    E(
        U,
        "Åsens skola",
        "Resursenheten Ankaret",
        "Resource unit Ankaret",
        "En resursenhet på Åsens skola för elever i årskurs 7–9 med neuropsykiatriska svårigheter. Eleverna läser "
        "efter ordinarie kursplan i liten grupp.",
        "A resource unit for years 7–9 for pupils with neuropsychiatric difficulties.",
        "neuropsychiatric school-absence",
        (13, 16),
        "school",
        "Rektor ansöker om plats hos utbildningsförvaltningen. Vårdnadshavare ska samtycka.",
        "",
        "Skollagen 3 kap. 11 §",
        capacity="10 platser",
        wait="Cirka 2 månader",
    ),
    E(
        U,
        "Resursskolan Kompassen",
        "Resursskolan Kompassen med behandling",
        "Resource school with treatment",
        "En skola för elever i årskurs 3–9 som inte får sina behov tillgodosedda i vanlig skola och där familjen "
        "också behöver stöd. Skola och familjebehandling finns på samma ställe.",
        "A school for years 3–9 combining teaching and family treatment, decided jointly at a SIP.",
        "neuropsychiatric school-absence parenting coordination",
        (9, 16),
        "sip",
        "Placeringen beslutas gemensamt av skolan och socialtjänsten på ett SIP-möte med familjen.",
        "Decided jointly by school and social services at a SIP meeting with the family.",
        "Skollagen 3 kap. 11 §, SoL",
        capacity="14 platser",
        wait="Kö, cirka 3 månader",
        where="Parkvägen 8, Åskär",
        contact="Patrik Sandström, rektor, 031-390 06 19",
        prof=(
            "Gemensam placering skola/socialtjänst. Kräver SIP med beslut från båda, behandlingsplan och "
            "åtgärdsprogram."
        ),
    ),
    E(
        U,
        None,
        "Studiehandledning på modersmålet",
        "Study guidance in the mother tongue",
        "För elever som är nya i Sverige: en handledare förklarar skolarbetet på elevens modersmål.",
        "For pupils new to Sweden: a tutor explains schoolwork in the pupil's own language.",
        "newly-arrived learning",
        (6, 16),
        "school",
        "Skolan ordnar det. Fråga mentorn.",
        "The school arranges it.",
        "Skollagen 3 kap. 12 i §",
        languages="ar so ti prs uk fa",
    ),
    E(
        U,
        None,
        "Modersmålsundervisning",
        "Mother-tongue tuition",
        "Undervisning i ditt modersmål, om det talas hemma varje dag.",
        "Lessons in the child's mother tongue.",
        "newly-arrived",
        (6, 16),
        "school",
        "Ansök hos skolan på blankett, senast 1 maj inför nästa läsår.",
        "Apply to the school by 1 May.",
        "Skollagen 10 kap. 7 §",
        languages="ar so ti prs ku bcs pl uk fi",
    ),
    E(
        U,
        "Centrumskolan",
        "Läxhjälp och studieverkstad",
        "Homework help",
        "Läxhjälp efter skolan med lärare och äldre elever. Du kommer när du vill.",
        "Homework help after school with teachers and older pupils; drop in.",
        "learning newly-arrived",
        (9, 12),
        "free",
        "Kom till biblioteket på Centrumskolan efter skolan.",
        "Come to the library after school.",
        where="Centrumskolans bibliotek, måndag–torsdag 14.30–16",
    ),
]

BERGVIK = [
    E(
        BU,
        "Bergviks skola",
        "Elevhälsan på Bergviks skola",
        "Student health at Bergvik school",
        "Kurator, skolsköterska och specialpedagog på Bergviks skola. Du kan prata med dem om skolan, hälsan och "
        "livet.",
        "Counsellor, nurse and special educator at Bergvik school.",
        "anxiety-depression learning school-absence",
        (6, 16),
        "free",
        "Boka tid med kurator eller skolsköterska, eller be din mentor.",
        "Book directly or ask your mentor.",
        "Skollagen 2 kap. 25 §",
        contact="031-390 06 51",
    ),
    E(
        BU,
        None,
        "Närvarosamordnare i Bergvik",
        "Attendance coordinator in Bergvik",
        "Stöd till skolan och familjen när ett barn har hög frånvaro.",
        "Support when a child misses a lot of school.",
        "school-absence",
        (6, 16),
        "school",
        "Rektorn kopplar in samordnaren.",
        "",
        "Skollagen 7 kap.",
        contact="031-390 06 52",
    ),
    E(
        BS,
        "Socialtjänsten Bergvik",
        "Familjestöd Bergvik: rådgivande samtal",
        "Family support Bergvik",
        "Samtal för föräldrar och barn om konflikter, gränser och oro. Du behöver inte ansöka.",
        "Talks for parents and children about conflicts and worries; no application.",
        "parenting violence",
        (0, 18),
        "free",
        "Ring och boka, 031-390 06 61.",
        "Call to book.",
        "SoL (serviceinsats)",
        wait="1–2 veckor",
    ),
    E(
        BS,
        "Socialtjänsten Bergvik",
        "Kontaktfamilj i Bergvik",
        "Contact family in Bergvik",
        "En familj som barnet är hos någon helg i månaden, för avlastning och gemenskap.",
        "A family the child stays with one weekend a month.",
        "respite leisure parenting",
        (3, 17),
        "sol_decision",
        "Ansök hos socialtjänsten Bergvik.",
        "Apply to Bergvik social services.",
        "SoL",
        wait="3–6 månader",
    ),
]
