"""Every setting read from the environment goes through `config()`.

Each call documents the variable it reads; `python manage.py settings_reference`
prints the table that docs/operations.md carries. A variable `NAME_FILE` names a file
whose content is the value, so that secrets can be mounted as files.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_UNSET = object()


@dataclass(frozen=True)
class Documented:
    name: str
    default: str
    help: str
    secret: bool


REGISTRY: dict[str, Documented] = {}


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name)


def config(
    name: str,
    default: Any = _UNSET,
    *,
    help: str,
    cast: type = str,
    secret: bool = False,
    documented_default: str | None = None,
) -> Any:
    """Read one setting from the environment (or `NAME_FILE`) and document it.

    `documented_default` describes a default that depends on the machine (a path).
    """
    shown = documented_default or ("(required)" if default is _UNSET else ("(secret)" if secret else repr(default)))
    REGISTRY[name] = Documented(
        name=name,
        default=shown,
        help=help,
        secret=secret,
    )
    raw = _raw(name)
    if raw is None:
        if default is _UNSET:
            raise RuntimeError(f"The environment variable {name} is required: {help}")
        return default
    if cast is bool:
        return _to_bool(raw)
    if cast is list:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return cast(raw)


@dataclass(frozen=True)
class Var:
    """A setting read from one environment variable (see `settings_table`): by default the
    setting has the variable's name; `setting` names it otherwise, and `times` multiplies the
    value (a variable in megabytes, a setting in bytes)."""

    default: Any
    help: str
    setting: str = ""
    times: int = 1


def settings_table(table: dict[str, Var]) -> dict[str, Any]:
    """Read a group of settings, keyed by environment variable, each through `config()` with its
    default's type as the cast (int, bool, list, str). lots/settings.py declares its plain
    settings as one table, `globals().update(settings_table({...}))`; a setting computed from
    others, secret or used further down the settings stays a `config()` call."""
    settings = {}
    for name, var in table.items():
        value = config(name, var.default, cast=type(var.default), help=var.help)
        settings[var.setting or name] = value * var.times if var.times != 1 else value
    return settings


CACHE_TABLE = "lots_cache"


def cache_from_url(url: str) -> dict:
    """Django's CACHES entry for `LOTS_CACHE_URL`: 'db' (the database's table `lots_cache`) or a
    redis:// or rediss:// address (Django's RedisCache)."""
    if url == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise RuntimeError(f"LOTS_CACHE_URL must be 'db' or a redis:// address, not {url!r}")


def local_secret_key(path: Path, make: Callable[[], str] = lambda: secrets.token_urlsafe(50)) -> str:
    """The key for a local/demo install, generated once (by `make`) into a file outside git."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race; use its key
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def private_directory(path: Path) -> Path:
    """`path` as a folder only its owner may enter (0700), made with its parents if missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _own_mode(path, 0o700)
    return path


def _own_mode(path: Path, mode: int) -> None:
    """chmod, where this process owns the path (a folder an operator gave us is theirs to set)."""
    if path.stat().st_uid == os.geteuid():
        path.chmod(mode)


def private_tree(root: Path) -> None:
    """Every folder under `root` (itself included) 0700, every file 0600."""
    if not root.exists():
        return
    root.chmod(0o700)
    for folder, folders, files in os.walk(root):
        for name in folders:
            Path(folder, name).chmod(0o700)
        for name in files:
            Path(folder, name).chmod(0o600)


def private_sqlite_file(path: Path) -> None:
    """The SQLite database file 0600 in a folder 0700, made empty when missing so that SQLite never
    creates it world-readable (its -wal and -shm files take the database file's mode)."""
    private_directory(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
        if file.exists():
            _own_mode(file, 0o600)


def rsa_private_key_pem() -> str:
    """A new 2048-bit RSA private key in PEM (the development identity provider's signing key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
