"""Family coordination in the browser (scenario 3), on the demo: the rektor refers the Bergs from
Elin's page, the family coordinator accepts them and starts the coordination on the family's
consent, adds a contact and the family's priorities; the Hassans' contact map (thirteen contacts
in six agencies) and Sara's network map are drawn with their tables; the family withdraws its
consent and the coordinator's access ends at once; Sara's network meets, agrees on actions of
the municipality and the region, and the meeting becomes a SIP in one step with the people who
came. A family asks the team for help by itself on the public page. axe-core checks every page."""

from __future__ import annotations

import datetime as dt

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

    page.get_by_text("Planera ett nätverksmöte").click()
    ui.fill("När", (dt.datetime.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    ui.fill("Från det privata nätverket (en per rad)", "Mormor Fatima")
    ui.fill("Från det professionella nätverket (en per rad)", "Kuratorn Sara\nLäkaren på BUP")
    ui.press("Planera mötet")
    expect(page.get_by_role("heading", name="Nätverksmöte", exact=True)).to_be_visible()
    for name in ("Mormor Fatima", "Kuratorn Sara"):
        page.get_by_label(name, exact=True).check()
    ui.fill("Den överenskomna planen", "Lugna morgnar; Sara i skolan varje dag.")
    ui.fill("Vad nätverket gör (en per rad: vem: vad)", "Mormor Fatima: följer Sara till skolan på måndagar")
    ui.fill("Yrkesperson", "Kuratorn Sara")
    page.locator('select[name="r-professional_agency"]').select_option(label="Socialförvaltningen")
    ui.fill("Vad yrkespersonen gör", "Samtal med familjen varannan vecka")
    ui.fill("Ytterligare en yrkesperson", "Läkaren på BUP")
    page.locator('select[name="r-second_agency"]').select_option(label="Barn- och ungdomspsykiatrin (BUP)")
    ui.fill("Vad de gör", "Medicinuppföljning")
    ui.press("Registrera mötet")
    expect(page.get_by_text("Sparat.")).to_be_visible()
    ui.press("Gör det till en SIP")
    expect(page.get_by_text("En SIP har begärts med nätverkets plan.")).to_be_visible()
    expect(page.get_by_role("button", name="Gör det till en SIP")).to_have_count(0)
    ui.click("Det har blivit en SIP")
    expect(page.locator("main")).to_contain_text("Mormor Fatima")
    expect(page.locator("main")).to_contain_text("Lugna morgnar")

    page.goto(berg_url)
    ui._after_navigation()
    page.get_by_text("Familjen återkallar sitt samtycke").click()
    ui.fill("Vem i familjen återkallade samtycket", "Elins vårdnadshavare")
    ui.press("Återkalla samtycket")
    expect(page.get_by_text("Samtycket är återkallat och familjelotsningen avslutad.")).to_be_visible()
    response = page.goto(berg_url)
    assert response is not None and response.status == 404


def test_a_family_asks_the_team_for_help_by_itself(ui):
    page = ui.page
    ui.goto("/familj/familjelots/")
    ui.select("Din kommuns familjelotsteam", "Åskärs kommun: Familjelotsteamet")
    ui.fill("Ditt namn", "Amina Hassan")
    ui.fill("Telefon", "070-123 45 67")
    ui.fill("Vad familjen behöver hjälp med", "Vi har många kontakter och vet inte vem som gör vad.")
    ui.fill("Hur många i familjen som behöver stöd", "3")
    ui.fill("Hur många verksamheter familjen har kontakt med", "6")
    ui.press("Skicka till teamet")
    expect(page.get_by_role("heading", name="Vi har tagit emot din förfrågan")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Amina")

    ui.sign_in("familjelots")
    ui.click("Familjelots")
    requests = page.get_by_role("region", name="Familjer som själva kontaktat teamet")
    expect(requests).to_contain_text("Amina Hassan")
