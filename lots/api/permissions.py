from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from lots.api.models import ApiToken


class ApiAccess(permissions.BasePermission):
    """Signed in (token or session), acting in a membership, with a scope that allows the method.

    A view that reads with POST (a search whose words must not be in the URL) says so with
    `reads_only = True`.
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(request._request, "membership", None) is None:
            raise exceptions.PermissionDenied(_("The caller has no current role in an agency it may act for."))
        token = request.auth if isinstance(request.auth, ApiToken) else None
        reading = request.method in permissions.SAFE_METHODS or getattr(view, "reads_only", False)
        if token is not None and not reading and not token.client.may_write:
            raise exceptions.PermissionDenied(_("The token may only read."))
        return True
