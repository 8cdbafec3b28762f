"""One rule between the family view and the staff's pages: a family member's session reaches the
family view (and signing out, static files, the language switch) and nothing else; every other
page answers 404, as for a page that does not exist. Staff pages therefore never see a family
member as a user at all; and the family view itself refuses any session not marked as a family's
(`portal.views`)."""

from __future__ import annotations

from django.http import Http404

from lots.portal.services import FAMILY_SESSION_KEY

ALLOWED_PREFIXES = ("/familj/", "/static/", "/i18n/", "/healthz", "/konto/logga-ut/")


class FamilyBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and FAMILY_SESSION_KEY in session
            and request.user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            raise Http404
        return self.get_response(request)
