import pytest

from lots.conf import REGISTRY, config, local_secret_key


@pytest.fixture(autouse=True)
def _registry_as_it_was():
    """Variables read by these tests are not Lots' settings: forget them afterwards."""
    saved = dict(REGISTRY)
    yield
    REGISTRY.clear()
    REGISTRY.update(saved)


def test_config_reads_the_environment_and_documents_the_variable(monkeypatch):
    monkeypatch.setenv("LOTS_TEST_NUMBER", "42")
    assert config("LOTS_TEST_NUMBER", 1, cast=int, help="A number for the test.") == 42
    assert REGISTRY["LOTS_TEST_NUMBER"].help == "A number for the test."


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("LOTS_TEST_SECRET_FILE", str(secret))
    assert config("LOTS_TEST_SECRET", None, secret=True, help="A secret.") == "s3cret"
    assert REGISTRY["LOTS_TEST_SECRET"].default == "(secret)"


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_booleans(monkeypatch, raw, value):
    monkeypatch.setenv("LOTS_TEST_FLAG", raw)
    assert config("LOTS_TEST_FLAG", False, cast=bool, help="A flag.") is value


def test_a_malformed_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("LOTS_TEST_FLAG", "maybe")
    with pytest.raises(ValueError, match="not a boolean"):
        config("LOTS_TEST_FLAG", False, cast=bool, help="A flag.")


def test_a_required_variable_that_is_missing_says_so(monkeypatch):
    monkeypatch.delenv("LOTS_TEST_REQUIRED", raising=False)
    with pytest.raises(RuntimeError, match="LOTS_TEST_REQUIRED is required"):
        config("LOTS_TEST_REQUIRED", help="Must be set.")


def test_the_local_key_is_generated_once_and_kept_private(tmp_path):
    path = tmp_path / "key"
    first = local_secret_key(path)
    assert local_secret_key(path) == first
    assert len(first) >= 50
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_settings_reference_lists_every_variable(capsys):
    from django.core.management import call_command

    call_command("settings_reference")
    out = capsys.readouterr().out
    for name in ("DATABASE_URL", "SECRET_KEY", "LOTS_AUDIT_KEY", "LOTS_BREAK_GLASS_HOURS"):
        assert f"`{name}`" in out


def test_the_operations_guide_carries_the_current_settings_table(capsys):
    """Docs that stay true: regenerate with `manage.py settings_reference` when a setting changes."""
    from pathlib import Path

    from django.core.management import call_command

    call_command("settings_reference")
    table = capsys.readouterr().out.strip()
    guide = (Path(__file__).resolve().parents[3] / "docs" / "operations.md").read_text(encoding="utf-8")
    assert table in guide, "docs/operations.md: paste the output of `manage.py settings_reference`"


def test_a_settings_table_reads_each_variable_with_its_defaults_type(monkeypatch):
    from lots.conf import Var, settings_table

    monkeypatch.setenv("LOTS_TEST_DAYS", "9")
    monkeypatch.setenv("LOTS_TEST_HOSTS", "a.se, b.se")
    monkeypatch.setenv("LOTS_TEST_SIZE_MB", "2")
    read = settings_table(
        {
            "LOTS_TEST_DAYS": Var(3, "Days."),
            "LOTS_TEST_HOSTS": Var([], "Hosts."),
            "LOTS_TEST_FLAG": Var(False, "A flag left unset."),
            "LOTS_TEST_SIZE_MB": Var(1, "Megabytes.", setting="LOTS_TEST_SIZE_BYTES", times=1024 * 1024),
        }
    )
    assert read == {
        "LOTS_TEST_DAYS": 9,
        "LOTS_TEST_HOSTS": ["a.se", "b.se"],
        "LOTS_TEST_FLAG": False,
        "LOTS_TEST_SIZE_BYTES": 2 * 1024 * 1024,
    }
    assert REGISTRY["LOTS_TEST_SIZE_MB"].help == "Megabytes." and REGISTRY["LOTS_TEST_DAYS"].default == "3"
