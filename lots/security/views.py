import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots.security import sessions, signin_limits


@login_required
def my_sessions(request):
    """Where one is signed in, and the button that ends all of it."""
    rows = sessions.active_sessions(request.user)
    current = request.session.session_key
    return render(request, "security/sessions.html", {"rows": rows, "current": current})


@login_required
@require_POST
def sign_out_everywhere(request):
    ended = sessions.sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You are signed out everywhere (%(count)s sessions ended).") % {"count": max(ended, 1)})
    return redirect("login")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account or address: in Swedish, 429, saying how long it lasts."""
    return render(
        request,
        "security/locked_out.html",
        {
            "minutes": settings.LOTS_LOGIN_LOCKOUT_MINUTES,
            "by_client": signin_limits.client_is_over_its_limit(request, credentials),
        },
        status=429,
    )


def bad_request(request, exception=None):
    """400, or 413 when the request was larger than Lots accepts; drawn without the database."""
    too_large = isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent))
    template, status = ("413.html", 413) if too_large else ("400.html", 400)
    return HttpResponse(loader.get_template(template).render({}), status=status)


def server_error(request):
    """The 500 and 503 pages need no database and no context processors: they are drawn from
    plain templates, so that they show when the database is what failed."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        body = loader.get_template("503.html").render({})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({}))
