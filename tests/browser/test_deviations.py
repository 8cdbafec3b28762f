"""Deviations and forums in the browser: scenario 5 on the demo. BUP has twice not attended a SIP
it was called to; the rektor reports a deviation; the nearest managers of the agencies involved
(the rektor, BUP's head) record their analysis; because it involves two principals it is on the
steering group's next meeting; it is closed with what was done."""

from __future__ import annotations

import datetime as dt

SCHOOL = "Utbildningsförvaltningen (Åskärs kommun)"
BUP = "Barn- och ungdomspsykiatrin (BUP) (Region Sjöland)"
WHAT = "BUP var kallad till Elins SIP-möte den 3 december men kom inte, andra gången för samma plan."


def _switch(ui, username: str):
    ui.press("Logga ut")
    ui.sign_in(username)


def test_scenario_5_a_deviation_reported_handled_raised_and_closed(ui, database):
    from playwright.sync_api import expect

    ui.sign_in("rektor.asen")
    ui.click("Avvikelser")
    ui.click("Rapportera en avvikelse")
    ui.check("Uteblev från en SIP")
    ui.fill("När hände det?", (dt.date.today() - dt.timedelta(days=4)).isoformat())
    ui.fill("Vad hände?", WHAT)
    ui.fill("Vilken blev följden för barnet?", "Planen kunde inte fastställas.")
    expect(ui.page.get_by_label(SCHOOL, exact=True)).to_be_checked()
    ui.check(BUP)
    ui.press("Rapportera avvikelsen")
    expect(ui.page.locator(".messages")).to_contain_text("Avvikelsen är rapporterad")
    deviation_url = ui.page.url.replace(ui.base_url, "")
    text = ui.text()
    assert WHAT in text and "till styrgruppen" in text
    assert "Cheferna för BUP ledning" in text and "Cheferna för Åsens skola" in text

    ui.fill("Analys: varför hände det?", "Kallelsen skickades till en enskild behandlare som var sjuk.")
    ui.fill("Överenskomna åtgärder", "Kallelser till BUP går till mottagningens funktionsbrevlåda.")
    ui.press("Registrera analysen")
    expect(ui.page.locator(".messages")).to_contain_text("Din verksamhets analys och åtgärder är registrerade.")

    _switch(ui, "styrgrupp.region")
    ui.click("Forum")
    ui.click("Styrgruppen för barn och unga")
    ui.page.locator("main a[href*='/forum/mote/']").first.click()  # the next meeting comes first
    ui._after_navigation()
    agenda = ui.page.locator("ol.agenda")
    expect(agenda).to_contain_text("Avvikelse: Uteblev från en SIP")
    expect(agenda).to_contain_text("till styrgruppen")

    _switch(ui, "verksamhetschef.bup")
    ui.click("Avvikelser")
    expect(ui.page.locator("main table")).to_contain_text("Uteblev från en SIP")
    ui.goto(deviation_url)
    ui.fill("Analys: varför hände det?", "Ingen bevakade kallelsen under sjukfrånvaron.")
    ui.fill("Överenskomna åtgärder", "Mottagningen bevakar funktionsbrevlådan dagligen.")
    ui.press("Registrera analysen")
    ui.fill("Vad gjordes?", "Kallelser går till BUP:s funktionsbrevlåda, som bevakas dagligen.")
    ui.press("Avsluta avvikelsen")
    expect(ui.page.locator(".messages")).to_contain_text("Avvikelsen är avslutad.")

    (status, raised) = database.execute(
        "SELECT status, raised_at IS NOT NULL FROM deviations_deviation WHERE description = ?", (WHAT,)
    ).fetchone()
    assert (status, raised) == ("closed", 1)
    kinds = [
        row[0]
        for row in database.execute(
            "SELECT e.kind FROM deviations_deviationevent e JOIN deviations_deviation d ON d.id = e.deviation_id "
            "WHERE d.description = ? ORDER BY e.id",
            (WHAT,),
        )
    ]
    assert kinds == ["reported", "raised", "analysed", "analysed", "closed"]
