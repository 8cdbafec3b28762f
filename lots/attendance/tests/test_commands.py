import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from lots.attendance.models import Absence, AbsenceImport
from lots.attendance.tests.conftest import csv_of, day_rows, school_days

pytestmark = pytest.mark.django_db


def test_import_absence_imports_with_a_progress_bar(world, tmp_path, capsys, monkeypatch):
    from lots.attendance import importing

    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    path = tmp_path / "franvaro.csv"
    path.write_bytes(csv_of(day_rows(world.elin, school_days(dt.date(2026, 9, 14), 4))))
    call_command("import_absence", str(path), "--user", "rita", verbosity=2)
    out, err = capsys.readouterr()
    assert "Added 4 rows, updated 0, 0 unchanged" in out
    assert "4 / 4 rows read" in err
    assert Absence.objects.count() == 4
    assert AbsenceImport.objects.get().source == "command"


def test_import_absence_refuses_a_bad_file_and_a_teacher(world, tmp_path):
    path = tmp_path / "fel.csv"
    path.write_bytes(b"personnummer;datum;schemalagda_minuter;franvaro_minuter;giltig\n1;x;1;0;nej\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_absence", str(path), "--user", "rita")
    with pytest.raises(CommandError, match="head teacher"):
        call_command("import_absence", str(path), "--user", "mona")
    assert not Absence.objects.exists()


def test_the_nightly_run_reads_the_drop_folder_and_raises_signals(world, settings, tmp_path, capsys):
    settings.LOTS_ATTENDANCE_DROP_DIR = tmp_path
    call_command("attendance_daily")
    assert "Files imported: 0; refused: 0; signals raised: 0." in capsys.readouterr().out
