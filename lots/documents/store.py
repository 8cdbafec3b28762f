"""Files on disk: under LOTS_DOCUMENTS_DIR (outside the web root), under random names, written
atomically (a temporary file, fsync, rename), readable only by the server's user."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings


def _root() -> Path:
    root = Path(settings.LOTS_DOCUMENTS_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def path_of(storage_name: str) -> Path:
    if not storage_name or "/" in storage_name or "\\" in storage_name or storage_name.startswith("."):
        raise ValueError("not a storage name")
    return _root() / storage_name[:2] / storage_name


def save(data: bytes) -> str:
    """Store the bytes under a new random name; returns the name."""
    name = secrets.token_hex(24)
    target = path_of(name)
    target.parent.mkdir(exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def open_for_reading(storage_name: str):
    return path_of(storage_name).open("rb")


def remove(storage_name: str) -> None:
    path_of(storage_name).unlink(missing_ok=True)
