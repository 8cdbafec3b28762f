"""The fixed texts of notifications. A notification never carries person data: it says what
kind of thing needs attention and links to it; the page behind the link applies the policy.

Apps register their kinds in AppConfig.ready(): `register("plans.follow_up_due", _("…"))`.
"""

from __future__ import annotations

from django.utils.functional import Promise

_KINDS: dict[str, Promise] = {}


def register(key: str, text: Promise) -> None:
    if key in _KINDS and _KINDS[key] != text:
        raise RuntimeError(f"notification kind {key} is already registered with another text")
    _KINDS[key] = text


def text_of(key: str) -> Promise:
    return _KINDS[key]


def is_registered(key: str) -> bool:
    return key in _KINDS
