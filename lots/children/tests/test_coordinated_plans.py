"""The registry through which a sibling app starts a coordinated plan without importing plans."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lots.children import coordinated_plans


def test_the_plans_app_registers_its_starter():
    assert coordinated_plans.plan_url(7) == "/sip/7/"


def test_without_a_starter_nothing_is_started(monkeypatch):
    monkeypatch.setattr(coordinated_plans, "_STARTER", [])
    with pytest.raises(ImproperlyConfigured):
        coordinated_plans.plan_url(7)
