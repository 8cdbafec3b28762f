"""What Lots writes to disk is for its owner only: files 0600, folders 0700 (whatever the umask)."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SHOW_MODES = """
import django, json, os, stat
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x)")
    cursor.execute("INSERT INTO t VALUES (1)")
    var = os.environ["LOTS_VAR_DIR"]
    modes = {name: stat.S_IMODE(os.stat(os.path.join(var, name)).st_mode) for name in [".", *os.listdir(var)]}
    print(json.dumps({name: oct(mode) for name, mode in modes.items()}))
"""


def test_the_sqlite_database_and_its_folder_are_the_owners_only(tmp_path):
    var = tmp_path / "var"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"LOTS_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "lots.settings"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW_MODES],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: os.umask(0o022),
    )
    modes = json.loads(done.stdout.strip().splitlines()[-1])
    assert modes["."] == "0o700"
    assert modes["lots.sqlite3"] == "0o600"
    assert modes["lots.sqlite3-wal"] == "0o600", "SQLite gives its journal the database file's mode"
    assert set(modes.values()) <= {"0o600", "0o700"}


def test_an_existing_world_readable_tree_is_closed(tmp_path):
    from lots.conf import private_tree

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f").write_text("x")
    os.chmod(tmp_path / "a", 0o755)  # noqa: S103 (the world-readable folder to be closed)
    os.chmod(tmp_path / "a" / "b" / "f", 0o644)
    private_tree(tmp_path / "a")
    assert [stat.S_IMODE(os.stat(path).st_mode) for path in (tmp_path / "a", tmp_path / "a" / "b")] == [0o700] * 2
    assert stat.S_IMODE(Path(tmp_path / "a" / "b" / "f").stat().st_mode) == 0o600
