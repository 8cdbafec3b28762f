"""Every error of the API in one shape: RFC 9457 problem details (application/problem+json).

    {"type": "…/problems/validation", "title": "…", "status": 400, "detail": "…",
     "instance": "/api/v1/…", "errors": [{"field": "observed", "message": "…"}]}

Titles and messages are in Swedish or English after the request's Accept-Language (Swedish
unless English is preferred). A record the caller may not see and one that does not exist both
answer 404. Django's ValidationError from a service becomes a 400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

PROBLEM_TYPE_BASE = "https://lots.se/problems/"
MEDIA_TYPE = "application/problem+json"
NON_FIELD = "non_field_errors"

_KINDS = {
    400: ("validation", _("The request is not valid")),
    401: ("unauthenticated", _("Authentication is needed")),
    403: ("forbidden", _("Not allowed")),
    404: ("not-found", _("Not found")),
    405: ("method-not-allowed", _("Method not allowed")),
    406: ("not-acceptable", _("Not acceptable")),
    413: ("too-large", _("The request is too large")),
    415: ("unsupported-media-type", _("Unsupported media type")),
    429: ("rate-limited", _("Too many requests")),
}


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request is larger than Lots accepts.")


class ProblemJSONRenderer(JSONRenderer):
    media_type = MEDIA_TYPE


def language_of(request) -> str:
    """Swedish, unless the caller's Accept-Language prefers English."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in ("sv", "en"):
            return base
    return "sv"


def _errors(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail flattened to [{field, message}] (field paths joined by dots)."""
    if isinstance(detail, dict):
        found = []
        for field, inner in detail.items():
            name = "" if field in (NON_FIELD, "__all__") else field
            found += _errors(inner, f"{prefix}.{name}" if prefix and name else prefix or name)
        return found
    if isinstance(detail, list):
        return [error for item in detail for error in _errors(item, prefix)]
    return [{"field": prefix, "message": str(detail)}]


def _as_drf(exc):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        return TooLarge()
    return exc


def problem(request, status_code: int, detail: str = "", errors: list[dict] | None = None, headers=None) -> Response:
    kind, title = _KINDS.get(status_code, ("error", _("Error")))
    body = {
        "type": PROBLEM_TYPE_BASE + kind,
        "title": str(title),
        "status": status_code,
        "detail": detail or str(title),
        "instance": request.path if request is not None else "",
    }
    if errors is not None:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=MEDIA_TYPE)
    response.accepted_renderer = ProblemJSONRenderer()
    response.accepted_media_type = MEDIA_TYPE
    response.renderer_context = {}
    return response


def handler(exc, context):
    """DRF's exception handler: anything DRF or Django raises as a client error, as a problem."""
    exc = _as_drf(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django's 500 handling
    request = context.get("request")
    if request is not None:
        translation.activate(language_of(request))
    if context.get("rollback", True):
        set_rollback()
    headers = {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.ValidationError):
        errors = _errors(exc.detail)
        return problem(request, 400, str(_("See the errors for each field.")), errors=errors, headers=headers)
    if isinstance(exc, exceptions.NotFound):
        return problem(request, 404, str(_("There is nothing here that you may see.")), headers=headers)
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem(request, exc.status_code, str(detail), headers=headers)
