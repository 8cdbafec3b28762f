"""The questions on experience in the browser, on the demo's plan for Melvin (scenario 4, a
meeting held): the family therapist enters a guardian's answers from paper in the section
"Upplevelse", and Melvin's guardian answers in the family view, once. axe-core checks every page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import UI

_MELVINS_PLAN = """
SELECT s.id, p.identity_number
FROM plans_sip s
JOIN people_child k ON k.id = s.child_id
JOIN people_relationship r ON r.child_id = k.id AND r.kind = 'guardian'
JOIN people_relatedperson p ON p.id = r.person_id
WHERE k.first_name = 'Melvin' AND k.last_name = 'Karlsson' AND s.status = 'established'
  AND EXISTS (SELECT 1 FROM plans_sipmeeting m WHERE m.sip_id = s.id AND m.held_at IS NOT NULL)
  AND p.identity_number IS NOT NULL
ORDER BY s.id LIMIT 1
"""


def test_answers_entered_from_paper_and_given_in_the_family_view(ui, browser, server, database):
    sip_id, guardians_number = database.execute(_MELVINS_PLAN).fetchone()
    ui.sign_in("familjebehandlare")
    ui.goto(f"/sip/{sip_id}/")
    expect(ui.page.get_by_role("heading", name="Upplevelse")).to_be_visible()
    ui.click("För in svar från papper")
    page = ui.page
    page.get_by_label("När ställdes frågorna?", exact=True).select_option(index=0)
    page.get_by_role("group", name="Vem svarade?").get_by_label("En vårdnadshavare").check()
    page.get_by_role("group", name="Kände du dig lyssnad på?").get_by_label("Ja").check()
    page.get_by_role("group", name="Vet du vem du ska ringa?").get_by_label("Delvis").check()
    ui.press("Spara svaren")
    expect(page.get_by_role("status")).to_contain_text("Svaren är sparade.")
    expect(page.get_by_role("region", name="Upplevelse")).to_contain_text("Införd av personal från papper")

    base_url, _ = server
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    try:
        family = UI(context.new_page(), base_url)
        family.goto("/familj/logga-in/")
        family.click("Logga in med BankID eller Freja")
        family.fill("Personnummer", guardians_number)
        family.press("Legitimera mig")
        family.click("Melvin")
        questions = family.page.get_by_role("form", name="Två korta frågor").first
        questions.get_by_role("group", name="Kände du dig lyssnad på?").get_by_label("Ja").check()
        questions.get_by_role("group", name="Vet du vem du ska ringa?").get_by_label("Nej").check()
        questions.get_by_role("button", name="Skicka svaren").click()
        family._after_navigation()
        expect(family.page.get_by_role("status")).to_contain_text("Tack för att du svarade")
        assert family.checked, "axe ran"
    finally:
        context.close()
    (answers,) = database.execute(
        "SELECT count(*) FROM plans_experienceanswer WHERE sip_id = ? AND channel = 'family_view'", (sip_id,)
    ).fetchone()
    assert answers == 1
    assert ui.checked, "axe ran"
