from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from lots.notifications.services import unread_count_expression
from lots.organisations import selectors
from lots.organisations.services import OTP_SESSION_KEY, SESSION_KEY

_OTP_EXEMPT_PREFIXES = ("/konto/", "/static/", "/i18n/", "/healthz")


class ActingMembershipMiddleware:
    """Sets `request.membership`: the membership the user acts in (chosen in the header), and
    `request.unread_notifications` for the header, read in the same query.

    A user whose role requires a one-time code is sent to enter it before anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        request.unread_notifications = None
        user = request.user
        if user.is_authenticated:
            memberships = list(selectors.current_memberships(user).annotate(_unread=unread_count_expression(user)))
            request.memberships = memberships
            if memberships:
                request.unread_notifications = memberships[0]._unread
            chosen = request.session.get(SESSION_KEY)
            request.membership = next((m for m in memberships if m.pk == chosen), None) or (
                memberships[0] if memberships else None
            )
            if (
                not request.path.startswith(_OTP_EXEMPT_PREFIXES)
                and not user.is_verified()
                and self._otp_required(request, memberships)
            ):
                return redirect(reverse("otp_verify") + "?" + urlencode({"next": request.path}))
        return self.get_response(request)

    @staticmethod
    def _otp_required(request, memberships) -> bool:
        """Decided once per session: role requirements change rarely, sign-ins often."""
        if OTP_SESSION_KEY not in request.session:
            request.session[OTP_SESSION_KEY] = selectors.otp_required(request.user, memberships)
        return request.session[OTP_SESSION_KEY]
