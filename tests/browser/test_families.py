"""Family coordination in the browser (scenario 3), on the demo: the rektor refers the Bergs from
Elin's page, the family coordinator accepts them and starts the coordination on the family's
consent, adds a contact and the family's priorities; the Hassans' contact map (thirteen contacts
in six agencies) and Sara's network map are drawn with their tables; the family withdraws its
consent and the coordinator's access ends at once. axe-core checks every page."""

from __future__ import annotations

from playwright.sync_api import expect


def _switch(ui, username: str):
    ui.press("Logga ut")
    ui.sign_in(username)


def _child(database, first: str, last: str) -> int:
    (found,) = database.execute(
        "SELECT id FROM people_child WHERE first_name = ? AND last_name = ?", (first, last)
    ).fetchone()
    return found


def test_scenario_3_a_family_with_many_contacts(ui, database):
    elin, sara = _child(database, "Elin", "Berg"), _child(database, "Sara", "Hassan")
    page = ui.page

    ui.sign_in("rektor.asen")
    ui.goto(f"/barn/{elin}/")
    ui.click("Remittera familjen till familjelotsteamet")
    ui.select("Familjelotsteam", "Familjelotsteamet")
    ui.select("Hushåll", "Hushållet Berg")
    ui.fill("Vad familjen behöver hjälp med", "Elin är mycket frånvarande och familjen har många kontakter.")
    ui.fill("Familjemedlemmar med behov", "2")
    ui.fill("Inblandade verksamheter", "3")
    ui.press("Skicka remissen")
    expect(page.get_by_text("Familjen har remitterats till teamet.")).to_be_visible()

    _switch(ui, "familjelots")
    ui.click("Familjelots")
    queue = page.get_by_role("region", name="Remisser", exact=True)
    expect(queue).to_contain_text("Utbildningsförvaltningen")
    queue.get_by_role("link").first.click()
    ui._after_navigation()
    expect(page.get_by_text("Familjen uppfyller teamets kriterier.")).to_be_visible()
    page.get_by_label("Ta emot: familjen uppfyller kriterierna").check()
    ui.fill("Varför", "Skolbarn, två med behov, tre verksamheter.")
    ui.press("Registrera beslutet")
    expect(page.locator("main")).to_contain_text("Antagen")

    ui.select("Familjelots", "Linda Hägg")
    for box in page.get_by_role("group", name="Familjemedlemmar", exact=True).get_by_role("checkbox").all():
        box.check()
    page.locator(f'input[name="start-with_needs"][value="c{elin}"]').check()
    page.get_by_role("group", name="Verksamheter som får dela uppgifter med teamet").get_by_label(
        "Utbildningsförvaltningen"
    ).check()
    for box in page.get_by_role("group", name="Vårdnadshavare som samtyckt").get_by_role("checkbox").all():
        box.check()
    ui.select("Hur samtycket lämnades", "Lämnat vid ett möte och antecknat")
    ui.check("Varje vuxen i familjen samtycker till att vara med")
    ui.press("Starta familjelotsningen")
    expect(page.get_by_text("Familjelotsningen har startat.")).to_be_visible()
    berg_url = page.url

    page.get_by_text("Lägg till en kontakt").click()
    ui.select("Familjemedlem", "Elin Berg")
    ui.select("Verksamhet", "Utbildningsförvaltningen")
    ui.fill("Vad kontakten gäller", "Mentorssamtal om frånvaron")
    ui.select("Hur ofta", "Varje vecka")
    ui.press("Lägg till kontakten")
    table = page.get_by_role("table", name="Alla stödkontakter för alla i familjen")
    expect(table).to_contain_text("Mentorssamtal om frånvaron")
    page.get_by_text("Familjens prioriteringar").click()
    ui.fill("Viktigast nu", "Att Elin kommer till skolan")
    ui.press("Spara prioriteringarna")
    expect(page.get_by_role("region", name="Det som är viktigast för familjen nu")).to_contain_text("Att Elin kommer")

    ui.click("Familjelots")
    ui.click("Hushållet Hassan")
    expect(page.locator("svg[role=img] title")).to_have_text("Kontaktkarta för Hushållet Hassan")
    expect(page.get_by_role("table", name="Alla stödkontakter för alla i familjen").locator("tbody tr")).to_have_count(
        13
    )
    expect(page.locator("main")).to_contain_text("Familjens kontakter med 6 verksamheter.")

    ui.goto(f"/familjelots/natverk/{sara}/")
    expect(page.locator("svg[role=img] title")).to_have_text("Nätverkskarta för Sara")
    expect(page.get_by_role("table", name="Nätverkskartan som tabell")).to_contain_text("Mormor Fatima")

    page.goto(berg_url)
    ui._after_navigation()
    page.get_by_text("Familjen återkallar sitt samtycke").click()
    ui.fill("Vem i familjen återkallade samtycket", "Elins vårdnadshavare")
    ui.press("Återkalla samtycket")
    expect(page.get_by_text("Samtycket är återkallat och familjelotsningen avslutad.")).to_be_visible()
    response = page.goto(berg_url)
    assert response is not None and response.status == 404
