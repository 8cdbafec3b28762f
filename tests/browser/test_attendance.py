"""The start of scenario 1 in the browser: the head teacher of Åsens skola imports absence (a wrong
file first, then a preview, then the import); Elin's absence passes the thresholds; the school's
list shows her, her page draws the chart, and the head teacher starts the routine "problematic
school absence" from the signal with one click. Every page passes axe-core."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

HEADINGS = "personnummer;datum;lektion;schemalagda_minuter;franvaro_minuter;giltig"
FILE_LABEL = "Frånvarofil från skoladministrativa systemet (CSV eller Excel)"


def _weekdays(count: int) -> list[dt.date]:
    days, day = [], dt.date.today()
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def test_absence_is_imported_and_the_routine_is_started_from_the_warning(ui, tmp_path, database):
    (number,) = database.execute(
        "SELECT identity_number FROM people_child WHERE first_name = 'Elin' AND last_name = 'Berg'"
    ).fetchone()
    days = _weekdays(20)
    rows = [f"{number};{d};;300;{300 if n >= 8 else 30};{'nej' if n % 2 else 'ja'}" for n, d in enumerate(days)]

    ui.sign_in("rektor.asen")
    ui.click("Skolfrånvaro")
    ui.click("Importera frånvaro")
    wrong = tmp_path / "fel.csv"
    wrong.write_text(f"{HEADINGS}\n{rows[0]}\n{number};2026-13-01;;300;0;nej\n", encoding="utf-8")
    ui.page.get_by_label(FILE_LABEL, exact=True).set_input_files(str(wrong))
    ui.press("Ladda upp")
    expect(ui.page.get_by_role("alert")).to_contain_text("Rad 3: datumet är inte ett datum som ÅÅÅÅ-MM-DD")
    assert "Ingenting importerades" in ui.text()

    good = tmp_path / "franvaro.csv"
    good.write_text("\n".join([HEADINGS, *rows]) + "\n", encoding="utf-8")
    ui.goto("/franvaro/import/")
    ui.page.get_by_label(FILE_LABEL, exact=True).set_input_files(str(good))
    rows_before = database.execute("SELECT * FROM attendance_absence ORDER BY id").fetchall()
    ui.press("Ladda upp")
    assert "Förhandsgranskning av importen" in ui.text()
    # The demo has imported four weeks of absence already (demo/attendance.py): a preview changes none of it.
    rows_after = database.execute("SELECT * FROM attendance_absence ORDER BY id").fetchall()
    assert rows_after == rows_before, "a preview saves nothing"
    ui.press("Importera filen nu")
    expect(ui.page.locator("main")).to_contain_text("Tillagda rader")

    ui.click("Se eleverna över en gräns")
    expect(ui.page.get_by_role("table").first).to_contain_text("Elin Berg")
    ui.click("Elin Berg")
    panel = ui.page.locator("section.absence-panel")
    expect(panel.locator("svg")).to_have_count(1)
    expect(panel).to_contain_text("Senaste fyra veckorna")

    ui.goto("/franvaro/")
    ui.click("Rutinen vid problematisk skolfrånvaro föreslås")
    expect(ui.page.locator("main")).to_contain_text("7 kap. 19 a §")
    ui.press("Starta rutinen")
    expect(ui.page.locator("main")).to_contain_text("Problematisk skolfrånvaro")
    (journeys,) = database.execute("SELECT count(*) FROM routines_journey WHERE started_by_id IS NOT NULL").fetchone()
    assert journeys >= 1
