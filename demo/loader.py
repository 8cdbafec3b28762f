"""Builds the demo (see `demo`): a fictional region, its staff and about 300 children.

Deterministic: the same seed on the same day gives the same data (dates are relative to the
day it is loaded, so that deadlines and waiting times look current). Each domain app adds
its part in `build()` below, in dependency order.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from demo.api import build_api_clients
from demo.attendance import build_attendance
from demo.catalogue import build_catalogue
from demo.deviations import build_deviations
from demo.families import build_families
from demo.intake import build_intake
from demo.interop import build_interop
from demo.organisations import REGION, build_organisations, build_staff
from demo.people import build_people
from demo.plans import build_plans
from demo.routines import build_routines
from lots.organisations.models import Principal


def is_loaded() -> bool:
    return Principal.objects.filter(name=REGION[0]).exists()


@transaction.atomic
def build(*, seed: int = 2026, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    units = build_organisations()
    users = build_staff(units)
    children = build_people(units, users, seed=seed, today=today)
    build_intake(units, users, children, seed=seed, today=today)
    build_catalogue(seed=seed, users=users, today=today)
    build_plans(units, users, children, seed=seed, today=today)
    build_routines(units, users, children, seed=seed, today=today)
    build_families(units, users, children, today=today)
    build_attendance(units, users, children, today=today)
    build_deviations(units, users, children, today=today)
    build_api_clients(users)
    build_interop(units)
    return {"units": units, "users": users, "children": children}
