"""The family comes directly: the public page of a self-referral, and its receipt. No account is
needed (the family view and the public catalogue link here); nothing the family wrote is shown
back, only a receipt number."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots.core.forms import apply_errors
from lots.families import forms, services
from lots.families.services.self_referrals import teams
from lots.security.signin_limits import client_address

RECEIPT_SESSION_KEY = "families.self_referral_receipt"


@require_http_methods(["GET", "POST"])
def self_referral(request):
    form = forms.SelfReferralForm(request.POST if request.method == "POST" else None, teams=teams())
    status = 200
    if request.method == "POST":
        if not services.spend_attempt(client_address(request)):
            form.add_error(None, _("Too many requests have been sent from here. Try again in an hour."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                made = services.refer_own_family(
                    team_id=int(data["team"]),
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    needs=data["needs"],
                    members_with_needs=data["members_with_needs"],
                    agencies_involved=data["agencies_involved"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                request.session[RECEIPT_SESSION_KEY] = made.receipt
                return redirect("families_public:receipt")
        if status == 200:
            status = 400
    return render(request, "families/self_referral.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def receipt(request):
    number = request.session.pop(RECEIPT_SESSION_KEY, None)
    if number is None:
        return redirect("families_public:self_referral")
    return render(request, "families/self_referral_receipt.html", {"receipt": number})
