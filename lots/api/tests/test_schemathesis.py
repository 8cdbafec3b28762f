"""Every operation of the committed schema, fuzzed by schemathesis with valid tokens for several
roles: no server error, and every answer as the schema describes it (status, content type,
body). Bounded examples so it stays a normal part of `make test`."""

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lots.access.tests.factories import ConsentFactory
from lots.plans.tests.factories import elins_sip

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
APP = WSGIHandler()


@pytest.fixture
def same_connection():
    """Calls through the WSGI app run in the test's transaction, as Django's test client does:
    the end of a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(world):
    elins_sip(world, established=True)
    ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])


@pytest.mark.parametrize("role", ["kim", "bo"])
@SCHEMA.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_contract(case, role, world, records, bearer, settings, same_connection):
    settings.LOTS_API_RATE = "100000/min"
    token = bearer(getattr(world, role))["token"]
    case.call_and_validate(app=APP, headers={"Authorization": f"Bearer {token.plaintext}"}, checks=CHECKS)
