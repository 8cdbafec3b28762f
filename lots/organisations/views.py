import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations import services
from lots.organisations.forms import OneTimeCodeForm


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
def otp_verify(request):
    """Enter a one-time code; a user without a device first enrols one."""
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.verify_one_time_code(request=request, code=form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", _("The code is not right. Check the time on your phone and try again."))
    context = {"form": form, "has_device": has_device, "next": _safe_next(request)}
    if not has_device:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = services.start_totp_enrolment(user=request.user)
        context["qr_svg_uri"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
        context["secret"] = base64.b32encode(device.bin_key).decode("ascii")
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
