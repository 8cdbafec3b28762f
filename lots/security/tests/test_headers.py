"""Security headers on every kind of page, HSTS in production, CSRF on every form."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from lots.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_headers(response, *, signed_in: bool):
    for name, value in COMMON.items():
        assert response[name] == value, name
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp or "sandbox" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    if signed_in:
        assert response["Cache-Control"] == "no-store"


def test_headers_on_every_kind_of_page(world, client, settings):
    anonymous = [client.get(reverse("login")), client.get("/healthz"), client.get("/finns-inte/")]
    for response in anonymous:
        assert_headers(response, signed_in=False)
    client.force_login(world.kim)
    document = DocumentFactory(consent__child=world.elin, consent__recorded_in=world.school)
    pages = [
        client.get(reverse("people:my_children")),  # a list
        client.get(reverse("people:child", args=[world.elin.pk])),  # a child's page
        client.post(reverse("people:search"), {"q": "Elin"}),  # a form answer
        client.get(reverse("access:consent", args=[document.owner_id])),  # a page with an upload form
        client.get(reverse("documents:download", args=[document.pk])),  # a file
        client.get(reverse("people:child", args=[world.saga.pk + 999])),  # a 404 for a signed-in user
        client.get(reverse("my_sessions")),
    ]
    assert [r.status_code for r in pages] == [200, 200, 200, 200, 200, 404, 200]
    for response in pages:
        assert_headers(response, signed_in=True)


def test_a_downloaded_file_is_sandboxed_and_never_rendered_in_the_page(world, client):
    document = DocumentFactory(consent__child=world.elin, consent__recorded_in=world.school)
    client.force_login(world.kim)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"


def test_hsts_and_secure_cookies_in_production(world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = Client().get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_production_settings_are_strict_and_pass_check_deploy():
    env = {
        **os.environ,
        "LOTS_PRODUCTION": "1",
        "SECRET_KEY": "a-production-key-" + "x" * 50,
        "ALLOWED_HOSTS": "lots.example.se",
        "DJANGO_SETTINGS_MODULE": "lots.settings",
    }
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.DEBUG)"
    )
    shown = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["31536000", "True", "True", "True", "True", "False"]
    deploy = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert deploy.returncode == 0, deploy.stderr


def test_every_form_that_posts_carries_a_csrf_token():
    """Every template of every app: a POST form without {% csrf_token %} fails here."""
    missing = []
    for template in (ROOT / "lots").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r'method="post"', form, re.I) and "{% csrf_token %}" not in form:
                missing.append(str(template.relative_to(ROOT)))
    assert not missing, missing


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("login", []),
        ("people:search", []),
        ("access:break_glass", []),
        ("sign_out_everywhere", []),
        ("audit:review", []),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(world, name, args):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.kim)
    assert client.post(reverse(name, args=args), {"q": "x"}).status_code == 403


def test_uploads_and_consents_refuse_a_post_without_the_csrf_token(world):
    document = DocumentFactory(consent__child=world.elin, consent__recorded_in=world.school)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.kim)
    assert client.post(reverse("documents:upload", args=["samtycke", document.owner_id])).status_code == 403
    assert client.post(reverse("access:consent_new", args=[world.elin.pk])).status_code == 403
