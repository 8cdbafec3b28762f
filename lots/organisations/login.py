from django.conf import settings
from django.contrib.auth import views as auth_views

from lots.demo.personas import demo_logins
from lots.security import sessions
from lots.security.forms import SignInForm


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
        context["demo_logins"] = demo_logins() if settings.LOTS_DEMO else []
        context["oidc_label"] = settings.LOTS_OIDC_LABEL if settings.LOTS_OIDC_ENABLED else ""
        context["idp_failed"] = "idp" in self.request.GET
        return context
