"""The demo's need vocabulary and agency profiles (the catalogue's entries are in
catalogue_entries_*.py). Telephone numbers are from 031-390 06 xx, the series set aside for fiction."""

# (slug, name, English name, synonyms)
NEEDS = [
    (
        "school-absence",
        "Skolfrånvaro",
        "School absence",
        "problematisk skolfrånvaro, hemmasittare, frånvaro, ogiltig frånvaro, skolk, skolvägran, school "
        "refusal, truancy",
    ),
    (
        "learning",
        "Inlärningssvårigheter",
        "Learning difficulties",
        "läs- och skrivsvårigheter, dyslexi, dyskalkyli, studiesvårigheter, särskilt stöd, extra "
        "anpassningar, dyslexia",
    ),
    (
        "neuropsychiatric",
        "Neuropsykiatrisk funktionsnedsättning",
        "Neuropsychiatric disability",
        "NPF, ADHD, ADD, autism, autismspektrum, Aspergers syndrom, Tourettes syndrom, koncentrationssvårigheter",
    ),
    (
        "intellectual-disability",
        "Intellektuell funktionsnedsättning",
        "Intellectual disability",
        "utvecklingsstörning, IF, anpassad grundskola, grundsärskola, learning disability",
    ),
    (
        "physical-disability",
        "Fysisk funktionsnedsättning",
        "Physical disability",
        "rörelsehinder, rörelsenedsättning, CP, synnedsättning, hörselnedsättning, rullstol",
    ),
    (
        "anxiety-depression",
        "Ångest och nedstämdhet",
        "Anxiety and depression",
        "ångest, depression, nedstämdhet, oro, sömnproblem, stress, psykisk ohälsa, panikångest, mental health",
    ),
    (
        "self-harm",
        "Självskadebeteende",
        "Self-harm",
        "självskada, skär sig, suicidtankar, självmordstankar, självmordsförsök, suicide",
    ),
    (
        "substance-use",
        "Alkohol och droger",
        "Substance use",
        "missbruk, beroende, narkotika, cannabis, alkohol, droger, spelberoende, drugs",
    ),
    (
        "violence",
        "Våld i nära relationer",
        "Violence in close relationships",
        "våld i hemmet, misshandel, barn som bevittnat våld, barn som upplevt våld, domestic violence, abuse",
    ),
    (
        "honour",
        "Hedersrelaterat våld och förtryck",
        "Honour-related violence and oppression",
        "heder, hedersvåld, tvångsäktenskap, barnäktenskap, könsstympning, honour",
    ),
    (
        "parenting",
        "Föräldraskap",
        "Parenting support",
        "föräldrastöd, föräldrautbildning, föräldrakurs, föräldragrupp, gränssättning, bråk hemma, parenting",
    ),
    (
        "economy",
        "Ekonomi",
        "Money and debt",
        "ekonomiskt bistånd, försörjningsstöd, skulder, pengar, budget, debt, money",
    ),
    ("housing", "Boende", "Housing", "bostad, hemlöshet, vräkning, bostadslös, homelessness"),
    (
        "leisure",
        "Fritid och gemenskap",
        "Leisure and friends",
        "fritidsaktiviteter, ensamhet, kompisar, kamrater, fritidsgård, idrott, sommarlov, friends, loneliness",
    ),
    (
        "newly-arrived",
        "Ny i Sverige",
        "Newly arrived",
        "nyanländ, nyanlända, asyl, flykting, modersmål, studiehandledning, tolk, refugee",
    ),
    (
        "crime-risk",
        "Kriminalitet och riskbeteende",
        "Crime and risk behaviour",
        "kriminalitet, gäng, brott, ungdomsbrott, riskbeteende, snatteri, crime, gangs",
    ),
    (
        "occupation",
        "Studier och sysselsättning efter grundskolan",
        "Studies and work after school",
        "KAA, aktivitetsansvar, hoppat av gymnasiet, avbrott, praktik, sysselsättning, arbete, jobb, dropout",
    ),
    (
        "sexual-health",
        "Kropp och sexuell hälsa",
        "Body and sexual health",
        "sexuell hälsa, preventivmedel, graviditet, könssjukdomar, STI, klamydia, sex, contraception",
    ),
    (
        "respite",
        "Avlastning för familjen",
        "Respite for the family",
        "avlastning, avlösning, korttidsvistelse, korttidshem, stödfamilj, kontaktfamilj, respite",
    ),
    (
        "coordination",
        "Samordning mellan verksamheter",
        "Coordination between agencies",
        "SIP, samordnad individuell plan, många kontakter, familjelots, samordning, coordination",
    ),
]

# agency name -> (mission, English mission, laws, can decide, cannot decide, SIP contact, consultation, public contact,
#                 [(forum, representative)])
PROFILES = {
    "Utbildningsförvaltningen": (
        "Ansvarar för kommunens förskolor och grundskolor, elevhälsan och uppföljningen av skolplikten. "
        "Rektor leder skolan och beslutar om särskilt stöd.",
        "Runs the municipality's preschools and schools, student health and the follow-up of compulsory schooling.",
        "Skollagen (2010:800), särskilt 2 kap. 25 § (elevhälsa), 3 kap. (stöd), 7 kap. (skolplikt); OSL 23 kap.",
        "Extra anpassningar och särskilt stöd (åtgärdsprogram), särskild undervisningsgrupp, anpassad studiegång, "
        "placering i resursskola (med vårdnadshavarnas samtycke), elevhälsans insatser.",
        "Inte insatser enligt SoL eller LSS, inte vård eller behandling utanför elevhälsan, inte diagnoser "
        "(skolpsykologen kan utreda men BUP och habiliteringen ställer de flesta diagnoser).",
        "Rektor på barnets skola kallar till eller deltar i SIP. Skolan är inte part enligt lagen men deltar enligt "
        "regional överenskommelse. Växel 031-390 06 10.",
        "Elevhälsans samordnare, 031-390 06 11, elevhalsan@askar.example.se. Avidentifierad "
        "konsultation går alltid bra.",
        "Kontakta mentor, rektor eller elevhälsan på barnets skola.",
        [
            ("BUS-gruppen Åskär", "Elevhälsochef"),
            ("Stormöte skola–socialtjänst", "Rektorer i grundskolan"),
            ("Styrgrupp barn och unga", "Förvaltningschef"),
        ],
    ),
    "Socialförvaltningen": (
        "Ansvarar för socialtjänstens stöd och skydd till barn, unga och familjer: råd och stöd, utredning, "
        "familjebehandling, fältarbete och placeringar.",
        "Provides social services' support and protection for children, young people and families.",
        "Socialtjänstlagen (2025:400), LVU, OSL 26 kap.",
        "Bistånd efter utredning (kontaktperson, familjebehandling, placering), serviceinsatser utan utredning, "
        "skyddsbedömning och förhandsbedömning efter orosanmälan.",
        "Inte skolans stöd eller placering i skola, inte vård eller diagnoser, inte insatser enligt LSS.",
        "Mottagningen barn och unga tar emot förfrågan om SIP: 031-390 06 20, vardagar 8–16.",
        "Mottagningen ger rådgivning utan att ni behöver nämna barnets namn: 031-390 06 20.",
        "Ring mottagningen barn och unga, 031-390 06 20, eller kom till Rådhusgatan 1. Vid akut fara: 112.",
        [
            ("BUS-gruppen Åskär", "Enhetschef mottagningen"),
            ("Stormöte skola–socialtjänst", "Socialsekreterare, mottagningen"),
            ("Familjelotsteamet", "Familjelots"),
            ("Styrgrupp barn och unga", "Socialchef"),
        ],
    ),
    "Omsorgsförvaltningen": (
        "Ansvarar för stöd till personer med funktionsnedsättning: insatser enligt LSS och SoL, och Råd och stöd "
        "för familjer.",
        "Provides support for people with disabilities under LSS and the Social Services Act.",
        "LSS (1993:387), socialtjänstlagen (2025:400), OSL 26 kap.",
        "Insatser enligt LSS efter ansökan: korttidsvistelse, kontaktperson, personlig assistans, avlösarservice, "
        "korttidstillsyn, ledsagarservice, bostad med särskild service.",
        "Inte diagnoser (habiliteringen och BUP), inte skolans stöd, inte försörjningsstöd.",
        "LSS-handläggning, 031-390 06 30. Handläggaren deltar i SIP när barnet har eller söker LSS-insatser.",
        "Råd och stöd ger konsultation till personal: 031-390 06 31.",
        "Ring Råd och stöd, 031-390 06 31, eller LSS-handläggningen, 031-390 06 30.",
        [("BUS-gruppen Åskär", "Enhetschef LSS"), ("Styrgrupp barn och unga", "Omsorgschef")],
    ),
    "Kommunledningsförvaltningen": (
        "Leder kommunens samverkan och ansvarar för bland annat budget- och skuldrådgivning, fritid och "
        "mottagande av nyanlända.",
        "Leads the municipality's collaboration and runs debt counselling, leisure and reception of newcomers.",
        "Kommunallagen (2017:725), lagen (2024:30) om kommunal budget- och skuldrådgivning.",
        "Egna serviceinsatser: budget- och skuldrådgivning, fritidsverksamhet, samhällsintroduktion.",
        "Inte beslut om bistånd, skolstöd eller vård.",
        "Deltar inte i SIP.",
        "Samverkanssamordnaren, 031-390 06 40.",
        "Kontaktcenter, 031-390 06 00.",
        [("Styrgrupp barn och unga", "Kommundirektör (ordförande)")],
    ),
    "Barn- och utbildningsförvaltningen": (
        "Ansvarar för Bergviks kommuns förskolor och grundskola med elevhälsa.",
        "Runs Bergvik's preschools and school with student health.",
        "Skollagen (2010:800); OSL 23 kap.",
        "Extra anpassningar och särskilt stöd, elevhälsans insatser.",
        "Inte insatser enligt SoL eller LSS, inte vård.",
        "Rektor på Bergviks skola, 031-390 06 50.",
        "Elevhälsan, 031-390 06 51.",
        "Kontakta Bergviks skola, 031-390 06 50.",
        [("Samverkansgrupp Bergvik", "Rektor")],
    ),
    "Socialtjänsten": (
        "Bergviks socialtjänst: stöd och skydd för barn, unga och familjer, ekonomiskt bistånd och LSS.",
        "Bergvik's social services for children, young people and families.",
        "Socialtjänstlagen (2025:400), LSS, LVU, OSL 26 kap.",
        "Bistånd efter utredning, serviceinsatser, insatser enligt LSS.",
        "Inte skolans stöd, inte vård.",
        "Socialtjänsten Bergvik, 031-390 06 60.",
        "Rådgivning utan namn: 031-390 06 60.",
        "Ring 031-390 06 60, vardagar 8–16.",
        [("Samverkansgrupp Bergvik", "Socialsekreterare barn och unga")],
    ),
    "Barn- och ungdomspsykiatrin (BUP)": (
        "Regionens specialistvård för barn och unga upp till 18 år med psykisk ohälsa: bedömning, utredning och "
        "behandling.",
        "The region's specialist care for children and young people under 18 with mental health problems.",
        "Hälso- och sjukvårdslagen (2017:30), patientlagen, OSL 25 kap.",
        "Bedömning, utredning, diagnos, behandling och läkemedel; remiss vidare inom vården.",
        "Inte skolans stöd eller placering, inte insatser enligt SoL eller LSS.",
        "BUP Åskär, samordnare för SIP, 031-390 06 70. Regionen är skyldig att delta i SIP.",
        "Konsultationstelefon för skola och socialtjänst, tisdagar 13–15: 031-390 06 71.",
        "Ring BUP Åskär, 031-390 06 70, eller sök via 1177. Akut: BUP-akuten eller 112.",
        [("BUS-gruppen Åskär", "Enhetschef BUP Åskär"), ("Styrgrupp barn och unga", "Verksamhetschef BUP")],
    ),
    "Habiliteringen": (
        "Regionens stöd till barn och unga med varaktig funktionsnedsättning och deras familjer.",
        "The region's support for children with lasting disabilities and their families.",
        "Hälso- och sjukvårdslagen (2017:30), OSL 25 kap.",
        "Habiliteringsinsatser, hjälpmedel, utbildning för föräldrar, intyg.",
        "Inte insatser enligt LSS (kommunen), inte skolans stöd.",
        "Barn- och ungdomshabiliteringen, 031-390 06 75.",
        "Konsultation för personal: 031-390 06 76.",
        "Ring habiliteringen, 031-390 06 75. Det behövs en remiss.",
        [("BUS-gruppen Åskär", "Kurator, habiliteringen")],
    ),
    "Primärvården": (
        "Vårdcentraler och ungdomsmottagningar: första linjen för barn och ungas hälsa.",
        "Health centres and youth clinics: the first line of care for children and young people.",
        "Hälso- och sjukvårdslagen (2017:30), OSL 25 kap.",
        "Bedömning och behandling i första linjen, remiss till specialistvård.",
        "Inte specialistpsykiatri, inte skolans eller socialtjänstens insatser.",
        "Vårdcentralen Åskär, 031-390 06 80.",
        "Första linjen, 031-390 06 81.",
        "Ring vårdcentralen eller ungdomsmottagningen, eller boka via 1177.",
        [("BUS-gruppen Åskär", "Verksamhetschef första linjen")],
    ),
}

# agency -> usernames who keep its entries (besides the administrator)
EDITORS = {
    "Omsorgsförvaltningen": ["radochstod"],
    "Socialförvaltningen": ["chef.mottagning"],
    "Utbildningsförvaltningen": ["rektor.asen"],
    "Barn- och ungdomspsykiatrin (BUP)": ["chef.bup"],
}
