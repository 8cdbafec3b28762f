from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations import services
from lots.organisations.forms import OneTimeCodeForm


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def demo_code(user) -> str:
    """On the demo only: the code the user's authenticator shows now, so that the walk-through
    needs no phone (README, demo log-ins)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@login_required
def otp_verify(request):
    """Enter a one-time code. Nobody enrols here: a user without an authenticator is told to ask
    an administrator for an enrolment link (lots.security.enrolment)."""
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    form = OneTimeCodeForm(request.POST if request.method == "POST" and has_device else None)
    if form.is_bound and form.is_valid():
        if services.verify_one_time_code(request=request, code=form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", _("The code is not right. Check the time on your phone and try again."))
    context = {"form": form, "has_device": has_device, "next": _safe_next(request), "demo_code": ""}
    if has_device and settings.LOTS_DEMO:
        context["demo_code"] = demo_code(request.user)
    return render(request, "organisations/otp_verify.html", context)


@login_required
@require_POST
def choose_membership(request):
    try:
        membership = services.choose_membership(request=request, membership_id=int(request.POST.get("membership", 0)))
    except (ValidationError, ValueError):
        messages.error(request, _("You do not hold that role."))
    else:
        messages.success(request, _("You now act as %(role)s.") % {"role": membership})
    return redirect(_safe_next(request))
