"""Routines in the browser: a revised routine published and acknowledged (scenario 8), and a
journey started for Elin from her page (scenario 1), on the demo."""

from __future__ import annotations

PLACED = "Placerat barn och skolgång"
ABSENCE = "Problematisk skolfrånvaro"


def _switch(ui, username: str):
    ui.press("Logga ut")
    ui.sign_in(username)


def test_scenario_8_a_revised_routine_is_published_read_and_followed_up(ui, database):
    ui.sign_in("admin")
    ui.click("Rutiner")
    ui.page.get_by_role("row").filter(has_text=PLACED).get_by_role("button").click()
    ui._after_navigation()
    assert "utkast v3" in ui.text()
    ui.fill("Vad som ändrats i den här versionen", "Skolplaceringen ska vara klar inom tio arbetsdagar.")
    ui.press("Spara")
    assert "Versionen har sparats" in ui.text()
    ui.press("Publicera")
    assert "Versionen är publicerad" in ui.text()
    assert ui.page.locator("svg.flowchart[role=img] title").text_content() == f"{PLACED}, v3"
    assert "Stegen som text" in ui.text() and "Skolkartläggning och överlämning" in ui.text()

    _switch(ui, "rektor.asen")
    ui.goto("/rutiner/att-lasa/")
    ui.click(PLACED)
    ui.press("Jag har läst den")
    assert "du har kvitterat" in ui.text()
    (read,) = database.execute(
        "SELECT COUNT(*) FROM routines_acknowledgement a JOIN organisations_user u ON u.id = a.user_id "
        "JOIN routines_routineversion v ON v.id = a.version_id WHERE u.username = 'rektor.asen' AND v.number = 3"
    ).fetchone()
    assert read == 1

    _switch(ui, "styrgrupp")
    ui.goto("/rutiner/")
    ui.click(PLACED)
    ui.click("Lässtatus")
    text = ui.text()
    assert "Åsens skola" in text and "har kvitterat den här versionen" in text
    row = ui.page.get_by_role("row").filter(has_text="Åsens skola").first.inner_text()
    assert "Helena Strand" not in row


def test_scenario_1_a_journey_started_from_elins_page(ui, database):
    (elin,) = database.execute(
        "SELECT id FROM people_child WHERE first_name = 'Elin' AND last_name = 'Berg'"
    ).fetchone()
    ui.sign_in("kurator.asen")
    ui.goto(f"/barn/{elin}/")
    assert ABSENCE in ui.text(), "the child's page shows the demo's journey"
    ui.click("Starta en rutin")
    ui.select("Rutin", f"{ABSENCE} (v1)")
    ui.press("Starta")
    assert "Rutinen har startats" in ui.text()
    assert "Kontakta hemmet om ogiltig frånvaro" in ui.text()

    ui.page.get_by_text("Klarmarkera eller hoppa över").first.click()
    ui.press("Markera som klart")
    assert "Steget har uppdaterats" in ui.text()
    ui.page.get_by_text("Klarmarkera eller hoppa över").first.click()
    ui.check("frånvaron fortsätter: Utred behov av särskilt stöd")
    ui.press("Markera som klart")
    journey_url = ui.page.url.replace(ui.base_url, "")
    assert "Ingen har tagit ansvar ännu" in ui.text(), "the rektor's step waits for someone to hold it"

    _switch(ui, "rektor.asen")
    ui.goto(journey_url)
    ui.press("Ta ansvar för steget")
    assert "Helena Strand" in ui.text()
    ui.goto(f"/barn/{elin}/")
    assert "Utred behov av särskilt stöd" in ui.text(), "the child's page shows where she is now"

    # The rektor hands the step to another agency: the agency first, then one of its units.
    ui.goto(journey_url)
    ui.page.get_by_text("Lämna över till en annan verksamhet").first.click()
    agency = ui.page.get_by_label("Till verksamhet", exact=True).first
    agency.select_option(index=0)
    ui.press("Välj enhet")
    assert "Lämna över ett steg" in ui.text() and "Utred behov av särskilt stöd" in ui.text()
    unit = ui.page.get_by_label("Till enhet", exact=True)
    unit.select_option(index=0)
    chosen = unit.locator("option:checked").inner_text()
    ui.fill("Anteckning", "Vi behöver er bedömning.")
    ui.press("Lämna över")
    assert "Steget har uppdaterats" in ui.text() and chosen in ui.text()
