"""SIPs in the browser: scenario 1 (Elin, from request to follow-up), scenario 4 (Melvin, a placement
decided jointly and paid jointly) and scenario 9 (the consent withdrawn), on the demo."""

from __future__ import annotations

import datetime as dt

STAFF = "Medarbetare"


def _today() -> dt.datetime:
    return dt.datetime.now()


def _child(database, first: str, last: str) -> tuple[int, list[str]]:
    (child_id,) = database.execute(
        "SELECT id FROM people_child WHERE first_name = ? AND last_name = ?", [first, last]
    ).fetchone()
    guardians = [
        f"{row[0]} {row[1]}"
        for row in database.execute(
            "SELECT p.first_name, p.last_name FROM people_relatedperson p "
            "JOIN people_relationship r ON r.person_id = p.id WHERE r.child_id = ? AND r.kind = 'guardian'",
            [child_id],
        )
    ]
    return child_id, guardians


def _switch(ui, username: str):
    ui.press("Logga ut")
    ui.sign_in(username)


def _request(ui, child_id: int, reason: str):
    ui.goto(f"/barn/{child_id}/")
    ui.click("Begär SIP")
    ui.fill("Varför behöver barnet en samordnad plan?", reason)
    ui.press("Begär SIP")
    assert "SIP:en är begärd" in ui.text()


def _consent(ui, agencies: list[str], guardians: list[str]):
    ui.click("Registrera samtycket")
    for agency in agencies:
        ui.check(agency)
    for guardian in guardians:
        ui.check(guardian)
    ui.select("Hur samtycket lämnades", "Undertecknat på papper (inskannat)")
    ui.press("Registrera samtycket")
    assert "Samtycket är registrerat och gäller" in ui.text()
    assert "Samtycke finns" in ui.text()


def _invite(ui, option: str, *, mandate: bool = True):
    ui.click("Bjud in eller lägg till deltagare")
    ui.select(STAFF, option)
    if mandate:
        ui.check("Får besluta om verksamhetens insatser")
    ui.press("Bjud in")
    assert "deltar i planen" in ui.text()


def _meeting_now(ui, place: str, came: list[str], minutes: str, views: str = ""):
    """Call a meeting that has just started, then record who came and the minutes."""
    now = _today()
    start = max(now - dt.timedelta(minutes=2), now.replace(hour=0, minute=0))
    ui.click("Kalla till möte")
    ui.fill("Dag", start.strftime("%Y-%m-%d")).fill("Börjar", start.strftime("%H:%M"))
    ui.fill("Slutar", "23:59").fill("Plats", place)
    ui.press("Spara och meddela de kallade")
    assert "Mötet är kallat" in ui.text()
    assert ui.page.get_by_role("link", name="Kalenderinbjudan (.ics)").count() == 1
    for name in came:
        ui.check(name)
    ui.fill("Minnesanteckningar", minutes)
    if views:
        ui.fill("Barnets synpunkter", views)
    ui.press("Spara")
    assert "Mötet är registrerat" in ui.text()


def _action(ui, what: str, agency: str, *, cost: str = "", shares=()):
    ui.click("Lägg till en insats")
    ui.fill("Insats", what)
    ui.select("Ansvarig", "En verksamhet (kommun eller region)")
    ui.select("Ansvarig verksamhet", agency)
    ui.fill("Från", _today().strftime("%Y-%m-%d"))
    if cost:
        ui.fill("Kostnad (kr)", cost)
        ui.select("Kostnaden gäller", "per månad")
    for n, (payer, percent) in enumerate(shares, start=1):
        ui.select(f"Betalas av ({n})", payer)
        ui.fill(f"Andel i procent ({n})", percent)
    ui.press("Spara")


def _establish(ui, lead: str):
    ui.click("Fastställ planen")
    ui.select("Huvudansvarig", lead)
    ui.fill("Uppföljningsdatum", (_today() + dt.timedelta(days=90)).strftime("%Y-%m-%d"))
    ui.press("Fastställ planen")
    assert "Planen är fastställd" in ui.text()


def test_scenario_1_elin_from_request_to_follow_up(ui, database):
    elin, guardians = _child(database, "Elin", "Berg")
    ui.sign_in("rektor.asen")
    ui.goto(f"/barn/{elin}/")
    assert "Samordnade individuella planer (SIP)" in ui.text(), "the child's page lists her SIPs"
    ui.click("Begär SIP")
    assert "redan en pågående SIP" in ui.text(), "the demo's plan for Elin is pointed out"
    ui.fill("Varför behöver barnet en samordnad plan?", "Frånvaron ökar trots skolans åtgärder; oro hemma.")
    ui.press("Begär SIP")
    assert "Begärd" in ui.text() and "Registrera vårdnadshavarnas samtycke" in ui.text()

    _consent(
        ui, ["Socialförvaltningen (Åskärs kommun)", "Barn- och ungdomspsykiatrin (BUP) (Region Sjöland)"], guardians
    )
    _invite(ui, "Johanna Falk – Socialsekreterare, utredning, Barn- och ungdomsutredning")
    _invite(ui, "Leila Karimi – Behandlare, BUP, BUP Åskär")
    text = ui.text()
    assert "Johanna Falk" in text and "Leila Karimi" in text

    _meeting_now(
        ui,
        "Åsens skola, konferensrummet Eken",
        came=["Helena Strand", "Johanna Falk", "Leila Karimi"],
        minutes="Vi gick igenom Elins situation och enades om insatser.",
        views="Elin vill ha hjälp med morgnarna och att slippa sitta i stora gruppen.",
    )
    assert "0 dagar" in ui.text(), "the waiting time from request to meeting is measured"

    ui.click("Lägg till ett behov eller mål")
    ui.select("Område", "Skola")
    ui.check("Barnets eget mål, med barnets ord")
    ui.fill("Text", "Jag vill orka gå till skolan varje dag.")
    ui.press("Spara")
    _action(ui, "Familjebehandling med fokus på morgonrutiner", "Socialförvaltningen (Åskärs kommun)")
    _action(ui, "Bedömning av sömnsvårigheter", "Barn- och ungdomspsykiatrin (BUP) (Region Sjöland)")
    _establish(ui, "Johanna Falk – Barn- och ungdomsutredning, Åskärs kommun")
    text = ui.text()
    assert "Fastställd" in text and "Åskärs kommun – Johanna Falk" in text

    ui.click("Följ upp planen")
    for label, option in (("Genomförd?", "Genomförd"), ("Effekt?", "Delvis")):
        ui.page.get_by_label(label, exact=True).first.select_option(label=option)
    ui.fill("Hur har planen fungerat?", "Elin är i skolan fler dagar; morgnarna är lugnare.")
    ui.fill("Nästa uppföljning", (_today() + dt.timedelta(days=60)).strftime("%Y-%m-%d"))
    ui.press("Registrera uppföljningen")
    assert "Uppföljd" in ui.text()

    ui.click("Historik")
    assert "följde upp planen." in ui.text() and "begärde SIP:en." in ui.text(), "the history in sentences"
    assert "huvudman" not in ui.text()

    _switch(ui, "bup")
    ui.click("Mina SIP:ar")
    assert "Elin Berg" in ui.text()


def test_scenario_4_melvin_placement_decided_and_paid_jointly(ui, database):
    melvin, guardians = _child(database, "Melvin", "Karlsson")
    ui.sign_in("kurator.centrum")
    _request(ui, melvin, "Melvins behov kan inte mötas i ordinarie undervisning; familjen behöver behandling.")
    _consent(ui, ["Socialförvaltningen (Åskärs kommun)"], guardians)
    _invite(ui, "Jenny Åberg – Familjebehandlare, Familjebehandlingen")
    _invite(ui, "Anders Wiklund – Rektor, Centrumskolan")
    _meeting_now(
        ui,
        "Centrumskolan, rum 2",
        came=["Maryam Rahimi", "Jenny Åberg", "Anders Wiklund"],
        minutes="Skolan och socialtjänsten beslutade tillsammans om placering i resursskola med behandling.",
    )
    placement = "Placering i Resursskolan Kompassen med behandling"
    shares = [("Utbildningsförvaltningen (Åskärs kommun)", "60"), ("Socialförvaltningen (Åskärs kommun)", "40")]
    _action(ui, placement, "Utbildningsförvaltningen (Åskärs kommun)", cost="52000", shares=shares)
    assert "Insatsen är sparad" in ui.text()
    _establish(ui, "Jenny Åberg – Familjebehandlingen, Åskärs kommun")
    text = ui.text()
    assert placement in text
    assert "60 % Utbildningsförvaltningen" in text and "40 % Socialförvaltningen" in text

    pdf = ui.page.request.get(ui.page.url + "plan.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    _switch(ui, "familjebehandlare")
    ui.click("Mina SIP:ar")
    assert "Melvin Karlsson" in ui.text()


def test_scenario_9_a_withdrawn_consent_pauses_the_plan(ui, database):
    (consent_id,) = database.execute(
        "SELECT c.id FROM access_consent c JOIN people_child k ON k.id = c.child_id "
        "WHERE k.first_name = 'Saga' AND c.purpose = 'sip' AND c.withdrawn_at IS NULL"
    ).fetchone()
    ui.sign_in("kurator.bergvik")
    ui.goto(f"/sekretess/samtycken/{consent_id}/")
    ui.fill("Vem som återkallade samtycket", "Vårdnadshavaren")
    ui.press("Återkalla")
    _switch(ui, "mottagning.bergvik")
    ui.goto("/notiser/")
    assert "pausad" in ui.text()
    ui.click("Mina SIP:ar")
    ui.click("Saga Nyström")
    text = ui.text()
    assert "Pausad" in text and "samtycket som den vilade på har återkallats" in text
    assert "Bergviks skola" not in text.split("Vilka som deltar")[0], "no location of a protected child"
