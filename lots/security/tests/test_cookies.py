"""In production the session and CSRF cookies are __Host- cookies (Secure, Path=/, no Domain:
no sibling host can set or overwrite them); over the demo's plain http they cannot be (browsers
refuse the prefix without Secure), so there they keep plain names."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from lots.organisations.tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import django; django.setup(); from django.conf import settings as s;"
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
    " s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN)"
)


def _settings_with(**env) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "LOTS_PRODUCTION"}
    environment |= {"DJANGO_SETTINGS_MODULE": "lots.settings", **env}
    shown = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SHOW], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return shown.stdout.split()


def test_production_cookies_are_host_cookies():
    shown = _settings_with(LOTS_PRODUCTION="1", SECRET_KEY="a-production-key-" + "x" * 50)
    assert shown == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "/", "/", "None", "None"]


def test_over_plain_http_the_names_are_plain_because_browsers_refuse_the_prefix_there():
    assert _settings_with() == ["sessionid", "csrftoken", "False", "False", "/", "/", "None", "None"]


@pytest.mark.django_db
def test_a_signed_in_production_response_sets_cookies_a_browser_keeps_as_host_cookies(world, settings):
    """What the production settings make Django send: each cookie Secure, Path=/, without Domain."""
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()
    client.get(reverse("login"), secure=True)
    response = client.post(reverse("login"), {"username": "kim", "password": TEST_PASSWORD}, secure=True)
    assert response.status_code == 302
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True and cookie["path"] == "/" and not cookie["domain"], name
