"""The region's routines for the scale data set, in the demo's form (`demo.routine_texts`):
steps as (key, title, role, agency kind, days, day kind, counted from, legal references, ways on
("condition: key" or "key"), what to do).

The municipalities' routines are the demo's six; a region agrees these three with its
municipalities (coordination in a SIP, referral from student health to BUP, habilitation and
LSS), so staff of both sides start them and steps cross between health care and the
municipality's agencies.
"""

REGIONAL_ROUTINES = [
    {
        "name": "Samordnad individuell plan (SIP)",
        "scenario": "other",
        "roles": ["bup_clinician", "habilitation_clinician", "kurator", "social_worker_investigation"],
        "summary": "När ett barn behöver insatser från både regionen och kommunen: från behov till uppföljd plan.",
        "steps": [
            ("behov", "Identifiera behov av samordning", "bup_clinician", "health_care", 0, "calendar", None,
             "SoL 10 kap. 8 §; HSL 16 kap. 4 §", ["samtycke"],
             "Den som ser behovet tar initiativet; vänta inte på att någon annan gör det."),
            ("samtycke", "Inhämta samtycke från vårdnadshavare och barn", "bup_clinician", "health_care", 7,
             "calendar", "behov", "OSL 25 kap. 1 §; 26 kap. 1 §", ["kallelse"],
             "Samtycket ska ange vilka verksamheter som får dela uppgifter."),
            ("kallelse", "Kalla till SIP-möte", "bup_clinician", "health_care", 5, "working", "samtycke",
             "Regional överenskommelse om SIP", ["mote"], "Bjud in skola, socialtjänst och familjen."),
            ("mote", "Håll SIP-mötet och upprätta planen", "bup_clinician", "health_care", 21, "calendar", "behov",
             "SoL 10 kap. 8 §; HSL 16 kap. 4 §", ["skolan har insatser i planen: skolinsats", "uppfoljning"],
             "Planen anger vem som gör vad, när, och vem som har huvudansvaret."),
            ("skolinsats", "Skolans insatser enligt planen", "kurator", "school", 30, "calendar", "mote",
             "Skollagen 3 kap. 9 §", ["uppfoljning"], "Anpassningar och stöd i skolan som planen beskriver."),
            ("uppfoljning", "Följ upp planen", "bup_clinician", "health_care", 90, "calendar", "mote",
             "Regional överenskommelse om SIP", ["behoven kvarstår: mote", "avslut"],
             "Gå igenom varje insats med familjen."),
            ("avslut", "Avsluta samordningen", "bup_clinician", "health_care", None, "calendar", None, "", [],
             "Dokumentera varför planen avslutas."),
        ],
    },
    {
        "name": "Remiss från elevhälsan till BUP",
        "scenario": "other",
        "roles": ["kurator", "school_nurse", "bup_clinician"],
        "summary": "När elevhälsans insatser inte räcker och eleven behöver specialistpsykiatri.",
        "steps": [
            ("bedomning", "Elevhälsan bedömer behovet", "kurator", "school", 10, "working", None,
             "Skollagen 2 kap. 25 §", ["remiss"], "Samtal med eleven och vårdnadshavarna; vad har prövats?"),
            ("remiss", "Skriv remiss med vårdnadshavarnas samtycke", "school_nurse", "school", 5, "working",
             "bedomning", "OSL 25 kap. 1 §; Patientdatalagen", ["mottagning"],
             "Beskriv elevens svårigheter, skolsituationen och insatserna hittills."),
            ("mottagning", "BUP bedömer remissen", "bup_clinician", "health_care", 14, "calendar", "remiss",
             "HSL 9 kap. 1 §", ["remissen avvisas: aterkoppling", "besok"], "Prioritera efter angelägenhet."),
            ("besok", "Första bedömningssamtal", "bup_clinician", "health_care", 30, "calendar", "mottagning",
             "HSL 9 kap. 1 § (vårdgarantin)", ["fördjupad utredning behövs: utredning", "aterkoppling"], ""),
            ("utredning", "Fördjupad utredning", "bup_clinician", "health_care", 30, "calendar", "besok",
             "HSL 9 kap. 1 § (vårdgarantin)", ["aterkoppling"], "Neuropsykiatrisk eller annan fördjupad utredning."),
            ("aterkoppling", "Återkoppla till elevhälsan och familjen", "bup_clinician", "health_care", 7,
             "working", "mottagning", "OSL 25 kap. 12 §", [],
             "Med vårdnadshavarnas samtycke: vad skolan behöver veta för att anpassa."),
        ],
    },
    {
        "name": "Habilitering och LSS för barn med funktionsnedsättning",
        "scenario": "other",
        "roles": ["habilitation_clinician", "lss_officer", "kurator"],
        "summary": "Från remiss till habiliteringen till en samordnad plan med kommunens stöd enligt LSS.",
        "steps": [
            ("remiss", "Ta emot remiss till habiliteringen", "habilitation_clinician", "health_care", 14, "calendar",
             None, "HSL 8 kap. 7 §", ["kartlaggning"], ""),
            ("kartlaggning", "Kartlägg behoven tillsammans med familjen", "habilitation_clinician", "health_care", 30,
             "calendar", "remiss", "HSL 8 kap. 7 §", ["familjen ansöker om insats: lss", "plan"],
             "Vardag, skola, fritid och vad familjen själv vill."),
            ("lss", "Utred ansökan om insats enligt LSS", "lss_officer", "care", 90, "calendar", "kartlaggning",
             "LSS 7 och 9 §§", ["plan"], "Beslut om till exempel avlösarservice eller korttidsvistelse."),
            ("plan", "Upprätta habiliteringsplan", "habilitation_clinician", "health_care", 30, "calendar",
             "kartlaggning", "HSL 8 kap. 7 §; LSS 10 §", ["uppfoljning"], "Erbjud SIP om flera verksamheter deltar."),
            ("uppfoljning", "Följ upp planen", "habilitation_clinician", "health_care", 180, "calendar", "plan", "",
             [], ""),
        ],
    },
]  # fmt: skip
