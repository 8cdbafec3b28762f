"""Scenario 9 from the family's side, on the demo (a plan no other browser test uses), on a
phone-sized screen (390 px): a guardian signs in to the family view through the development
identity provider (OpenID Connect, as with BankID), sees the child's plan and
consents in plain words and withdraws the consent for the plan: it stops at once. axe-core checks
every page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import UI

_GUARDIAN_OF_A_PLAN = """
SELECT c.id, k.id, k.first_name, p.identity_number
FROM access_consent c
JOIN people_child k ON k.id = c.child_id
JOIN people_relationship r ON r.child_id = k.id AND r.kind = 'guardian'
JOIN people_relatedperson p ON p.id = r.person_id
WHERE c.purpose = 'sip' AND c.withdrawn_at IS NULL AND c.effective_at IS NOT NULL
  AND k.first_name NOT IN ('Elin', 'Saga', 'Melvin', 'Noah', 'Sara') AND p.identity_number IS NOT NULL
  AND k.date_of_birth > date('now', '-17 years')
ORDER BY c.id DESC LIMIT 1
"""


def test_scenario_9_the_guardian_withdraws_the_consent_in_the_family_view(browser, server, database):
    base_url, _ = server
    consent_id, _child_id, first_name, number = database.execute(_GUARDIAN_OF_A_PLAN).fetchone()
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    try:
        ui = UI(context.new_page(), base_url)
        page = ui.page
        ui.goto("/familj/logga-in/")
        ui.click("Logga in med BankID eller Freja")  # the development IdP stands in for e-legitimation
        expect(page.get_by_role("heading", name="Inloggning för utveckling")).to_be_visible()
        ui.fill("Personnummer", number)
        ui.press("Legitimera mig")
        expect(page.get_by_role("heading", name="Mina barn")).to_be_visible()
        ui.click(first_name)
        expect(page.get_by_role("heading", name="Samtycken")).to_be_visible()

        own_words = page.get_by_role("form", name="Med egna ord").first
        own_words.get_by_label("Din text").fill("Jag vill ha lugnare raster. <b>Tack</b>")
        own_words.get_by_role("button", name="Spara").click()
        ui._after_navigation()
        expect(page.get_by_role("status")).to_contain_text("Tack. De som arbetar med planen")
        expect(page.get_by_text("Jag vill ha lugnare raster. <b>Tack</b>")).to_be_visible()
        consent = page.get_by_role("region", name=page.locator(f"#consent-{consent_id}").inner_text())
        expect(consent).to_contain_text("Vilka får dela")
        expect(consent).to_contain_text("Gäller.")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"

        consent.get_by_role("button", name="Återkalla samtycket").click()
        ui._after_navigation()
        expect(page.get_by_role("status")).to_contain_text("Samtycket är återkallat")
        expect(page.locator(f"#consent-{consent_id}").locator("xpath=..")).to_contain_text("Återkallat")
        (withdrawn,) = database.execute(
            "SELECT withdrawn_at FROM access_consent WHERE id = ?", (consent_id,)
        ).fetchone()
        assert withdrawn is not None

        ui.click("Vem har läst uppgifterna")
        expect(page.get_by_role("heading", name="Vem har läst uppgifterna")).to_be_visible()
        page.goto(base_url + "/")  # a staff page: the family's session does not reach it
        expect(page.locator("body")).not_to_contain_text("Mina SIP:ar")
        assert ui.checked, "axe ran"
    finally:
        context.close()
