"""Security in the browser: a scanned consent form uploaded and downloaded, where one is signed
in and signing out everywhere, the lock-out page. Every page passes axe-core."""

from tests.browser.conftest import DEMO_PASSWORD


def record_a_consent_for_elin(ui):
    ui.sign_in("kurator.asen")
    ui.click("Mina barn")  # staff land on "Att göra"
    ui.click("Berg, Elin")
    ui.click("Registrera ett samtycke")
    page = ui.page
    page.locator('input[name="agencies"]').nth(0).check()
    page.locator('input[name="agencies"]').nth(1).check()
    page.locator('input[name="information_kinds"]').nth(0).check()
    page.get_by_label("Hur samtycket lämnades", exact=True).select_option(index=1)
    for box in page.locator('input[name="guardians"]').all():
        box.check()
    ui.press("Registrera samtycket")


def test_a_scanned_consent_form_is_checked_uploaded_and_downloaded(ui, tmp_path, database):
    record_a_consent_for_elin(ui)
    assert "Samtycket är registrerat" in ui.text()
    fake = tmp_path / "samtycke.pdf"
    fake.write_text("<html><script>alert(1)</script></html>")
    ui.page.get_by_label("Skannat dokument", exact=True).set_input_files(str(fake))
    ui.press("Ladda upp")
    assert "Endast PDF, PNG och JPEG" in ui.text()
    scan = tmp_path / "Samtycke Elin <skannad>.pdf"
    scan.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    ui.page.get_by_label("Skannat dokument", exact=True).set_input_files(str(scan))
    ui.press("Ladda upp")
    assert "Dokumentet är uppladdat" in ui.text()
    link = ui.page.locator('main a[href^="/dokument/"]').first
    assert link.inner_text() == "Samtycke Elin _skannad.pdf", "the name is sanitised"
    with ui.page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Samtycke Elin _skannad.pdf"
    (exports,) = database.execute(
        "SELECT count(*) FROM audit_auditentry WHERE action = 'export' AND record_type = 'documents.document'"
    ).fetchone()
    assert exports >= 1


def test_where_one_is_signed_in_and_signing_out_everywhere(ui):
    ui.sign_in("mentor.asen")
    ui.goto("/konto/inloggningar/")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Där du är inloggad"
    assert "den här sessionen" in ui.text()
    ui.press("Logga ut överallt")
    assert "Du är utloggad överallt" in ui.text()
    ui.goto("/barn/")
    assert "/konto/logga-in/" in ui.page.url


def test_the_lock_out_page_says_what_happened(ui):
    for _ in range(4):
        ui.goto("/konto/logga-in/")
        ui.fill("Användarnamn", "ingen.sadan.anvandare").fill("Lösenord", DEMO_PASSWORD + "x")
        ui.press("Logga in")
    ui.goto("/konto/logga-in/")
    ui.fill("Användarnamn", "ingen.sadan.anvandare").fill("Lösenord", DEMO_PASSWORD + "x")
    ui.page.get_by_role("button", name="Logga in", exact=True).click()
    ui.page.wait_for_load_state("load")
    # The lock-out answers 429, which Chromium reports on the console; that one is expected.
    assert all("429" in error for error in ui.console_errors)
    ui.console_errors.clear()
    ui.assert_accessible()
    assert "Kontot är låst" in ui.text()
