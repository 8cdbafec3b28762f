"""Interop in the browser: the head teacher of Åsens skola imports pupils from the school
administration system (a wrong file first, then a preview, then the import), and a SIP is
downloaded as FHIR from the plan's page. Every page passes axe-core."""

from __future__ import annotations

import datetime as dt

from lots.people.identity import make_identity_number

HEADINGS = "personnummer;fornamn;efternamn;skolenhetskod;arskurs;vh1_personnummer;vh1_fornamn;vh1_efternamn;vh1_vardnad"
FILE_LABEL = "Fil från skoladministrativa systemet (CSV eller Excel)"


def _pupil(serial: int) -> str:
    child = make_identity_number(dt.date(2014, 5, 5), serial)
    guardian = make_identity_number(dt.date(1984, 6, 6), serial)
    return f"{child};Webbelev{serial};Importsson;90000001;6;{guardian};Vera;Importsson;ja"


def test_a_head_teacher_imports_pupils_with_a_preview_first(ui, tmp_path, database):
    ui.sign_in("rektor.asen")
    ui.click("Importera elever")
    wrong = tmp_path / "fel.csv"
    wrong.write_text(f"{HEADINGS}\n{_pupil(1)}\n201405051231;Fel;Siffra;90000001;6;;;;\n", encoding="utf-8")
    ui.page.get_by_label(FILE_LABEL, exact=True).set_input_files(str(wrong))
    ui.press("Ladda upp")
    assert "Rad 3: personnumret har fel kontrollsiffra" in ui.text()
    assert "Ingenting importerades" in ui.text()

    good = tmp_path / "elever.csv"
    good.write_text(f"{HEADINGS}\n{_pupil(1)}\n{_pupil(2)}\n", encoding="utf-8")
    ui.goto("/interop/import/elever/")
    ui.page.get_by_label(FILE_LABEL, exact=True).set_input_files(str(good))
    ui.press("Ladda upp")
    assert "Förhandsgranskning av importen" in ui.text()
    (before,) = database.execute("SELECT count(*) FROM people_child WHERE last_name = 'Importsson'").fetchone()
    assert before == 0, "a preview saves nothing"
    ui.press("Importera filen nu")
    assert "Elever som lades till" in ui.text()
    (after,) = database.execute("SELECT count(*) FROM people_child WHERE last_name = 'Importsson'").fetchone()
    assert after == 2
