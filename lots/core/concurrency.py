"""Optimistic locking: two people change the same record, the second is refused, nothing is
overwritten.

A model that may be edited by several people at once inherits `Versioned` (a `version` field).
Its edit form carries the version the person saw (`VersionedFormMixin`); the service writes with
`save_versioned`, which updates only if the row still has that version and raises
`ConcurrentChange` (a `ValidationError` with a clear Swedish message) if someone else got there
first. One conditional UPDATE: no lock is held while a person is reading the form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class ConcurrentChange(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this while you were editing it. Your changes were not saved: "
                "reload the page to see theirs, then make yours again."
            ),
            code="concurrent_change",
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


V = TypeVar("V", bound=Versioned)


def save_versioned(obj: V, *, expected_version: int, fields: Iterable[str]) -> V:
    """Write `fields` of `obj` if the stored row still has `expected_version`; bump the version."""
    fields = list(fields)
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **{name: getattr(obj, name) for name in fields}
    )
    if updated != 1:
        raise ConcurrentChange()
    obj.version = expected_version + 1
    return obj


class VersionedFormMixin(forms.Form):
    """The version the person saw, carried through the form as a hidden field."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
