"""The catalogue in the browser. Scenario 7: a parent who has never been in contact with the
municipality searches the public catalogue, on a phone, without signing in."""

import pytest
from playwright.sync_api import expect


@pytest.fixture
def phone(ui):
    ui.page.set_viewport_size({"width": 375, "height": 740})
    return ui


def test_a_parent_finds_the_evening_counselling(phone):
    ui = phone
    ui.goto("/insatser/")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Stöd för barn, unga och familjer"
    ui.fill("Vad behöver ni hjälp med?", "föräldrastöd")
    ui.press("Sök")
    first = ui.page.locator(".hit").first
    assert "Föräldrastöd på kvällstid" in first.inner_text()
    assert "Ingen ansökan behövs" in first.inner_text()
    assert "Träffar:" in first.inner_text()
    ui.click("Föräldrastöd på kvällstid: rådgivning för föräldrar")
    text = ui.text()
    assert "Råd och stöd" in text
    assert "Kostnadsfritt" in text
    assert "Du behöver inte ansöka" in text or "Du kan kontakta dem själv" in text
    assert "Boka tid på telefon 031-390 06 31" in text
    width = ui.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page fits a phone without sideways scrolling"


def test_another_finds_that_short_term_care_needs_an_application(phone):
    ui = phone
    ui.goto("/insatser/?q=korttidsvistelse")
    ui.click("Korttidsvistelse enligt LSS")
    text = ui.text()
    assert "Kräver ansökan" in text
    assert "Du ansöker enligt LSS" in text
    assert "LSS-handläggning, Vårdvägen 2, 611 40 Åskär" in text


def test_the_public_catalogue_in_english(ui):
    ui.goto("/insatser/")
    ui.click("In English")
    assert ui.page.locator("html").get_attribute("lang") == "en"
    ui.fill("What do you need help with?", "short-term stay")
    ui.press("Search")
    ui.click("Short-term stay (LSS)")
    assert "Needs an application" in ui.text()
    ui.click("Omsorgsförvaltningen")
    assert "Mission" in ui.text()


def test_staff_suggest_interventions_from_a_childs_page(ui):
    ui.sign_in("kurator.asen")
    ui.click("Mina barn")  # staff land on "Att göra"
    ui.click("Berg, Elin")
    # The need among the page's need checkboxes (the page also has a section named "Skolfrånvaro").
    needs = ui.page.locator("form", has=ui.page.get_by_role("button", name="Föreslå insatser"))
    needs.get_by_label("Skolfrånvaro", exact=True).check()
    ui.press("Föreslå insatser")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Föreslagna insatser"
    assert "Träffar: Skolfrånvaro" in ui.text()
    ui.click("Insatskatalog")
    ui.fill("Vad behöver ni hjälp med?", "ADHD")
    ui.press("Sök")
    assert "Utredning av ADHD och autism" in ui.page.locator(".hit").first.inner_text()


def test_an_editor_keeps_their_entries(ui):
    ui.sign_in("radochstod")
    ui.click("Insatskatalog")
    ui.click("Insatser jag förvaltar")
    ui.click("Föräldrastöd på kvällstid: rådgivning för föräldrar")
    ui.click("Redigera")
    ui.fill("Aktuell väntetid", "En vecka")
    ui.press("Spara")
    assert "Insatsen är sparad." in ui.text()
    ui.click("Alla versioner")
    assert "Sofia Brandt" in ui.text()


def test_a_filter_updates_the_results_in_place(ui):
    """Choosing a need updates the results without loading the page again; the address follows
    (so back and a shared link work), the count is announced, and the page stays accessible."""
    ui.goto("/insatser/?q=stöd")
    before = ui.page.locator("#catalogue-results .hit").count()
    ui.page.evaluate("window.lotsSamePage = true")
    ui.page.get_by_text("Välj behov, ålder med mera").click()
    with ui.page.expect_response(lambda r: "/insatser/" in r.url and r.request.headers.get("hx-request") == "true"):
        ui.page.get_by_label("Ålder").fill("16")
        ui.page.get_by_label("Ålder").dispatch_event("change")
    # A locator assertion polls from Playwright's side; wait_for_function would evaluate a string
    # in the page, which the page's Content-Security-Policy (no 'unsafe-eval') refuses.
    expect(ui.page.locator("#catalogue-announcement")).to_contain_text("träff")
    assert ui.page.evaluate("window.lotsSamePage === true"), "the page was not loaded again"
    assert "alder=16" in ui.page.url
    assert "träff" in ui.page.locator("#catalogue-announcement").inner_text()
    assert ui.page.locator("#catalogue-results .hit").count() <= before
    ui.assert_accessible()
    assert not ui.console_errors, ui.console_errors
