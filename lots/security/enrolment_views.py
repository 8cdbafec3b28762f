"""The page an enrolment link opens: after the password, scan the code and enter six digits."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lots.organisations.forms import OneTimeCodeForm
from lots.security import enrolment


@login_required
def enrol(request, token: str):
    link = enrolment.open_link(token=token, user=request.user)
    if link is None:
        return render(request, "security/enrolment_invalid.html", status=404)
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if enrolment.enrol(request=request, link=link, code=form.cleaned_data["code"]):
            messages.success(request, _("Your authenticator app is set up. Lots asks for a code from it at sign-in."))
            return redirect("/")
        form.add_error("code", _("The code is not right. Check the time on your phone and try again."))
    device = enrolment.device_for(link=link)
    context = {
        "form": form,
        "qr_svg_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
    }
    return render(request, "security/enrol.html", context)
