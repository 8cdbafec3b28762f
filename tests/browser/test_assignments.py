"""Scenario 11 in the browser, on the demo: a new term's mentors arrive with the school
administration system's file, and a social worker who leaves has her children handed over to two
colleagues before her membership ends; no child is left without an owner, and the history shows
who worked with each child when. Every page passes axe-core (issue 21)."""

from __future__ import annotations

from playwright.sync_api import expect

FILE_LABEL = "Fil från skoladministrativa systemet (CSV eller Excel)"
NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _switch(ui, username: str):
    ui.press("Logga ut")
    ui.sign_in(username)


SELECT = "SELECT a.child_id, u.username FROM access_assignment a JOIN organisations_user u ON u.id = a.user_id"


def _active(database, sql: str, *params):
    query = f"{SELECT} WHERE (a.ends_at IS NULL OR a.ends_at > {NOW}) AND {sql}"
    return database.execute(query, params).fetchall()


def test_scenario_11_a_new_terms_mentors_come_from_the_school_file(ui, database, tmp_path):
    (school,) = database.execute("SELECT id FROM organisations_unit WHERE name = 'Åsens skola'").fetchone()
    pupils = database.execute(
        "SELECT id, identity_number, first_name, last_name, school_year, protected_identity FROM people_child "
        "WHERE school_unit_id = ? AND identity_number IS NOT NULL ORDER BY id",
        (school,),
    ).fetchall()
    mentors: dict[int, list[str]] = {}
    for child_id, username in _active(database, "a.unit_id = ? AND a.reason = 'mentor'", school):
        mentors.setdefault(child_id, []).append(username)
    # The new term: year 9 (not the scenario children's years) gets Petra Holmgren as mentor.
    changed = [p for p in pupils if p[4] == "9" and not p[5] and "larare2.asen" not in mentors.get(p[0], [])]
    assert changed, "the demo has pupils in year 9 at Åsens skola"
    rows = ["personnummer;fornamn;efternamn;arskurs;klass;mentor"]
    for child_id, number, first, last, year, _protected in pupils:
        new = ["larare2.asen"] if any(p[0] == child_id for p in changed) else mentors.get(child_id, [])
        rows.append(f"{number};{first};{last};{year};{year}A;{','.join(new)}")
    path = tmp_path / "hostterminen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def petras():
        return {c for c, _u in _active(database, "a.unit_id = ? AND u.username = 'larare2.asen'", school)}

    before = petras()
    ui.sign_in("rektor.asen")
    ui.click("Importera elever")
    ui.page.get_by_label(FILE_LABEL, exact=True).set_input_files(str(path))
    ui.press("Ladda upp")
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Förhandsgranskning av importen")
    assert f"Mentorer som tillkommer\n{len(changed)}" in ui.text()
    assert petras() == before, "a preview saves nothing"
    ui.press("Importera filen nu")
    expect(ui.page.locator("main")).to_contain_text("Mentorer som tillkom")
    assert f"Mentorer som tillkom\n{len(changed)}" in ui.text()
    assert petras() == before | {p[0] for p in changed}
    others = {c for c, u in _active(database, "a.unit_id = ? AND a.reason = 'mentor'", school) if u != "larare2.asen"}
    assert not others & {p[0] for p in changed}, "last year's mentors no longer have them"

    _switch(ui, "larare2.asen")
    ui.click("Mina barn")  # staff land on "Att göra"
    first = changed[0]
    expect(ui.page.locator("main")).to_contain_text(f"{len(before | {p[0] for p in changed})} barn")
    ui.goto(f"/barn/{first[0]}/")  # the new mentor now opens her pupil's page
    expect(ui.page.locator("main")).to_contain_text(f"{first[2]} {first[3]}")
    expect(ui.page.get_by_role("heading", name="Tilldelningar nu och tidigare")).to_be_visible()
    assert "Skoladministrativa systemets fil" in ui.text()


def test_scenario_11_a_social_workers_children_are_handed_over_before_she_leaves(ui, database):
    (unit,) = database.execute("SELECT id FROM organisations_unit WHERE name = 'Barn- och ungdomsutredning'").fetchone()
    hers = sorted(c for c, _u in _active(database, "a.unit_id = ? AND u.username = 'utredare'", unit))
    assert len(hers) >= 2, "Johanna Falk works with children in the demo"

    ui.sign_in("chef.utredning")
    ui.click("Enhetens barn")
    ui.click("Lämna över eller avsluta: Johanna Falk")
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Barnen som Johanna Falk arbetar med")
    # Child by child, to two colleagues: every other child to Hassan Omar, the rest to Stefan Norberg.
    selects = ui.page.locator("select[name^='to_']:not([name='to_all'])")
    expect(selects).to_have_count(len(hers))
    for i in range(len(hers)):
        selects.nth(i).select_option(label="Hassan Omar" if i % 2 == 0 else "Stefan Norberg")
    ui.page.get_by_label("Sista dag i enheten (valfritt)", exact=True).fill(
        database.execute("SELECT date('now', 'localtime')").fetchone()[0]
    )
    ui.fill("Anteckning (valfritt)", "Johanna slutar i oktober")
    ui.press("Lämna över")
    expect(ui.page.locator(".messages")).to_contain_text("Barnen är överlämnade")

    assert _active(database, "a.unit_id = ? AND u.username = 'utredare'", unit) == []
    taken = _active(database, "a.unit_id = ? AND u.username IN ('utredare2', 'chef.utredning')", unit)
    assert set(hers) <= {c for c, _u in taken}, "no child is left without an owner"
    assert {u for c, u in taken if c in hers} == {"utredare2", "chef.utredning"}
    (last_day,) = database.execute(
        "SELECT m.valid_until FROM organisations_membership m JOIN organisations_user u ON u.id = m.user_id "
        "WHERE u.username = 'utredare' AND m.unit_id = ?",
        (unit,),
    ).fetchone()
    assert last_day is not None

    # No child of hers is left without an owner; the form to assign one more stands ready.
    ui.goto("/sekretess/enhet/utan-ansvarig/")
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Barn utan ansvarig")
    for child_id in hers:
        expect(ui.page.locator(f"a[href='/sekretess/enhet/barn/{child_id}/tilldela/']")).to_have_count(0)
    ui.goto(f"/sekretess/enhet/barn/{hers[0]}/tilldela/")
    expect(ui.page.get_by_label("Medarbetare", exact=True)).to_be_visible()

    # The history on the child's page shows who worked with the child when.
    (first, last) = database.execute(
        "SELECT first_name, last_name FROM people_child WHERE id = ?", (hers[0],)
    ).fetchone()
    ui.goto(f"/barn/{hers[0]}/")
    expect(ui.page.get_by_role("heading", name="Tilldelningar nu och tidigare")).to_be_visible()
    ui.page.get_by_text("Ändringshistorik").click()
    expect(ui.page.locator("main")).to_contain_text("Överlämnad – Johanna Falk")
    assert f"{first} {last}" in ui.text()
