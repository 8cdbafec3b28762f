"""The foundation in the browser: sign in, "Mina barn", a child's overview, the secrecy map."""


def test_the_sign_in_page_lists_the_demo_log_ins(ui):
    ui.goto("/konto/logga-in/")
    assert "kurator.asen" in ui.text()
    assert ui.page.locator("html").get_attribute("lang") == "sv"


def test_a_wrong_password_is_refused_in_swedish(ui):
    ui.goto("/konto/logga-in/")
    ui.fill("Användarnamn", "kurator.asen").fill("Lösenord", "fel-lösenord")
    ui.press("Logga in")
    assert "användarnamn och lösenord" in ui.text().lower()


def test_a_kurator_signs_in_and_reaches_a_childs_overview(ui, database):
    ui.sign_in("kurator.asen")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Att göra"
    ui.click("Mina barn")
    assert "Berg, Elin" in ui.text()
    ui.click("Berg, Elin")
    text = ui.text()
    assert "Elin Berg" in text
    assert "Vårdnadshavare" in text
    assert "Jonas Ek" in text, "her mentor works around her in the same agency"
    (views,) = database.execute(
        "SELECT count(*) FROM audit_auditentry WHERE action = 'view' AND username = 'kurator.asen'"
    ).fetchone()
    assert views >= 1


def test_the_secrecy_map_and_english(ui):
    ui.sign_in("bup")
    ui.click("Sekretesskarta")
    assert "OSL 25 kap. 1 §" in ui.text()
    ui.select("Språk", "English")
    ui.press("Byt språk")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Secrecy map"


def test_a_protected_child_is_shown_without_address_or_school(ui):
    ui.sign_in("kurator.bergvik")
    ui.click("Mina barn")
    ui.click("Nyström, Saga")
    text = ui.text()
    assert "Skyddad identitet" in text
    before, around = text.split("Vem arbetar")
    assert "Bergviks skola" not in before
    assert "Bergviks skola" not in around, "nor beside the names of those who work around her"
