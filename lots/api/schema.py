"""The OpenAPI description: the bearer token scheme, and the problem-details answers that every
operation can give (one shape for every error, see problems.py)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object

from lots.api.problems import MEDIA_TYPE

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
PROBLEMS = {
    "400": "The request is not valid; `errors` names each field.",
    "401": "No valid token or session.",
    "403": "The token's scope, or the client's agencies, do not allow this.",
    "404": "Not found, or not visible to the caller (the same answer).",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "415": "Unsupported media type.",
    "429": "Over the client's rate limit; see Retry-After.",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lots.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106


def add_problem_responses(result, generator, request, public):
    """A postprocessing hook: every operation documents the problem answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for code, description in PROBLEMS.items():
                operation["responses"].setdefault(code, {"description": description, "content": content})
    return result
