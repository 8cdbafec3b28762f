from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views

from lots.security import sessions
from lots.security.forms import SignInForm

#: On a demo install (LOTS_DEMO) the sign-in page lists log-ins to try: people with username,
#: first_name, last_name and unit. The demo (the package `demo`, outside the product) offers them
#: when it starts; the product never imports the demo.
_demo_logins: Callable[[], Iterable[Any]] | None = None


def offer_demo_logins(provider: Callable[[], Iterable[Any]] | None) -> None:
    global _demo_logins
    _demo_logins = provider


def demo_logins() -> list[Any]:
    """The log-ins the sign-in page lists: those the demo offered, on a demo install only."""
    if not settings.LOTS_DEMO or _demo_logins is None:
        return []
    return list(_demo_logins())


class LoginView(auth_views.LoginView):
    """Django's sign-in (session key cycled on login against fixation); lists demo log-ins on a demo.

    Wrong passwords are counted by django-axes, which locks the account for a while; the session
    is recorded so that "sign out everywhere" can end it.
    """

    template_name = "registration/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.record_sign_in(request=self.request, user=form.get_user(), method="password")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = demo_logins()
        context["oidc_label"] = settings.LOTS_OIDC_LABEL if settings.LOTS_OIDC_ENABLED else ""
        context["idp_failed"] = "idp" in self.request.GET
        return context
