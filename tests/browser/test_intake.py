"""Scenario 2 in the browser: a teacher at Centrumskolan sees marks of violence on Noah; the
school files a concern report; reception sees it at once with its deadlines, opens an
investigation without a preliminary assessment; the school gets only the lawful feedback and
is offered a meeting."""

import datetime as dt

from playwright.sync_api import expect


def _sign_out(ui):
    ui.press("Logga ut")


def test_scenario_2_a_concern_report_from_school(ui, database):
    ui.sign_in("mentor.centrum")
    ui.click("Orosanmälningar")
    ui.click("Gör en orosanmälan")
    # Sent too early: the top of the page says what to correct (axe runs on it), with a link to
    # each field, and what was typed is still there.
    ui.fill("Ditt telefonnummer", "070-174 06 44")
    ui.page.get_by_role("button", name="Skicka anmälan").click()
    ui.page.wait_for_load_state("load")
    ui.assert_accessible()
    assert all("400" in error for error in ui.console_errors)  # the form's answer: 400, as it should
    ui.console_errors.clear()
    summary = ui.page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="Det finns fel i formuläret")).to_be_visible()
    summary.get_by_role("link", name="Vad har du sett eller hört?").click()
    expect(ui.page.get_by_label("Vad har du sett eller hört?")).to_be_focused()
    expect(ui.page.get_by_label("Ditt telefonnummer")).to_have_value("070-174 06 44")
    ui.fill("Barnets namn eller personnummer", "Noah Lindqvist")
    ui.fill(
        "Vad har du sett eller hört?",
        "Noah har blåmärken på båda överarmarna. Han säger att pappa blev arg i går kväll och inte vill gå hem.",
    )
    ui.fill("När", dt.date.today().isoformat())
    ui.check("Barnet har utsatts för våld")
    ui.page.locator("input[name=guardians_informed][value=no]").check()
    ui.fill("Om inte: varför?", "Det är en vårdnadshavare som misstänks.")
    ui.fill("Ditt telefonnummer", "070-174 06 44")
    ui.press("Skicka anmälan")
    assert "Orosanmälan har skickats till socialtjänsten." in ui.text()
    assert "Socialtjänsten har inte gett återkoppling ännu" in ui.text()
    _sign_out(ui)

    ui.sign_in("mottagning")
    ui.click("Mottagning")
    row = ui.page.locator("tr", has_text="Noah Lindqvist").first
    assert "Förfaller i dag" in row.inner_text() and "Våld" in row.inner_text()
    row.get_by_role("link").first.click()
    ui._after_navigation()
    text = ui.text()
    assert "Skyddsbedömning" in text and "HSLF-FS 2022:39" in text
    assert "inled sedan utredning utan förhandsbedömning" in text
    ui.check("Inget behov av omedelbart skydd")
    ui.fill("Bedömningen", "Noah är i skolan; mamma hämtar och de bor hos mormor i kväll.")
    ui.press("Registrera skyddsbedömningen")
    assert ui.page.get_by_label("Inled inte utredning", exact=True).count() == 0
    ui.check("Inled utredning")
    ui.fill("Ärendenummer i verksamhetssystemet", "BU-2026-7001")
    ui.press("Registrera beslutet")
    assert "Utredning inledd" in ui.text()
    ui.press("Erbjud anmälaren ett möte")
    ui.press("Ge återkoppling till anmälaren")
    assert "Ge anmälaren återkoppling?" in ui.text(), "an irreversible step asks first"
    ui.press("Ja, ge återkopplingen")
    assert "Återkopplingen är given till anmälaren." in ui.text() and "Återkoppling given" in ui.text()
    _sign_out(ui)

    ui.sign_in("mentor.centrum")
    ui.goto("/ingang/mina-anmalningar/")
    assert "En utredning har inletts." in ui.text()
    ui.click(ui.page.locator("tbody a").first.inner_text())
    text = ui.text()
    assert "En utredning har inletts." in text and "erbjuder dig ett möte" in text
    for secret in ("mormor", "BU-2026-7001", "Skyddsbedömning", "Eva Lundqvist"):
        assert secret not in text, f"{secret} reached the school"
    (count,) = database.execute(
        "SELECT count(*) FROM intake_concernreport r JOIN people_child c ON c.id = r.child_id "
        "WHERE c.first_name = 'Noah' AND r.status = 'investigation_opened'"
    ).fetchone()
    assert count == 1


def test_the_shared_entry_point_forwards_a_request(ui):
    ui.sign_in("mottagning")
    ui.click("Mottagning")
    ui.click("Förfrågningar om stöd")
    ui.click("Familjen Hassan")
    text = ui.text()
    assert "Förslag från vägvisningstabellen" in text and "BUP Åskär" in text
    ui.press("Skicka förfrågan vidare")
    assert "Vidareskickad" in ui.text() and "Förfrågans väg" in ui.text()
