"""The access policy's pages: the secrecy map, break the glass, and a child's consents (with their
scanned forms, from documents). URL namespace `access`. They live above access and documents,
which they use; the policy itself is `lots.access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import policy, selectors, services
from lots.access.models import Consent
from lots.access.presentation import present_children, present_places_of
from lots.access.secrecy import kinds_to_bits
from lots.children import selectors as children_selectors
from lots.children.access_forms import BreakGlassForm, ConsentForm, ConsentPartyForm, WithdrawConsentForm
from lots.core.forms import apply_errors
from lots.core.idempotency import once
from lots.core.timeutils import end_of_day
from lots.documents import selectors as document_selectors
from lots.documents.forms import UploadForm
from lots.organisations.actor import Actor
from lots.people import selectors as people_selectors


@login_required
def secrecy_map(request):
    rows, grounds = selectors.secrecy_map()
    return render(request, "access/secrecy_map.html", {"rows": rows, "grounds": grounds})


@login_required
@require_POST
def break_glass(request):
    actor = Actor.from_request(request)
    form = BreakGlassForm(request.POST)
    status = 400
    if form.is_valid():
        child = people_selectors.child_for_break_glass(form.cleaned_data["identity_number"])
        try:
            glass = services.break_glass(
                actor=actor,
                child=child,
                reason=form.cleaned_data["reason"],
                cross_principal_ground=form.cleaned_data["cross_principal_ground"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            if glass is None:
                messages.warning(request, _("No child in Lots has that identity number. The attempt is logged."))
                return redirect("people:search")
            messages.warning(
                request,
                _("You broke the glass. The access lasts a limited time and will be reviewed."),
            )
            return redirect("people:child", glass.child_id)
    offered = services.may_break_glass(actor)
    return render(request, "access/break_glass.html", {"form": form, "offered": offered}, status=status)


@login_required
def child_consents(request, child_id: int):
    actor = Actor.from_request(request)
    with policy.one_page(actor):
        child = children_selectors.child_view(actor, child_id, detail="consents")
        consents = selectors.consents_for_child(actor, child_id)
    return render(
        request,
        "access/consents.html",
        {"child": child, "consents": consents, "now": timezone.now()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request, child_id: int):
    actor = Actor.from_request(request)
    child = children_selectors.child_for_action(actor, child_id)
    agencies = selectors.agencies_for_consent(actor)
    guardians = selectors.custodial_guardians(child_id)
    form = ConsentForm(request.POST if request.method == "POST" else None, agencies=agencies, guardians=guardians)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {str(a.pk): a for a in agencies}
        chosen = {str(g.pk): g for g in guardians}
        parties = [services.PartyInput(guardian=chosen[g], agrees=True) for g in data["guardians"]]
        if data["child_view"].strip():
            parties.append(services.PartyInput(guardian=None, agrees=True, view_in_words=data["child_view"]))
        valid_until = data["valid_until"]

        def record() -> Consent:
            return services.record_consent(
                actor=actor,
                child=child,
                purpose=data["purpose"],
                purpose_text=data["purpose_text"],
                agencies=[services.AgencyScope(agency=by_id[a]) for a in data["agencies"]],
                information_kinds=kinds_to_bits(data["information_kinds"]),
                form=data["form"],
                valid_until=end_of_day(valid_until) if valid_until else None,
                single_guardian_ground=data["single_guardian_ground"],
                parties=parties,
            )

        try:
            # A double submit (same hidden key) leads to the consent the first one recorded.
            consent = once(
                Consent, user_id=actor.user.pk, scope="access.consent", key=data["submission_key"], create=record
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if consent.created:
                messages.success(request, _("The consent is recorded."))
            return redirect("access:consent", consent.value.pk)
    return render(
        request,
        "access/consent_form.html",
        {"form": form, "child": present_children(actor, [child])[0]},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_detail(request, consent_id: int):
    actor = Actor.from_request(request)
    consent = selectors.consent_detail(actor, consent_id)
    guardians = selectors.custodial_guardians(consent.child_id)
    party_form = ConsentPartyForm(request.POST if "add_party" in request.POST else None, guardians=guardians)
    withdraw_form = WithdrawConsentForm(request.POST if "withdraw" in request.POST else None)
    if request.method == "POST":
        try:
            with transaction.atomic():
                if "add_party" in request.POST and party_form.is_valid():
                    guardian_id = party_form.cleaned_data["guardian"]
                    guardian = next((g for g in guardians if str(g.pk) == guardian_id), None)
                    services.add_consent_party(
                        actor=actor,
                        consent=consent,
                        party=services.PartyInput(
                            guardian=guardian,
                            agrees=party_form.cleaned_data["agrees"],
                            view_in_words=party_form.cleaned_data["view_in_words"],
                        ),
                    )
                    messages.success(request, _("The answer is recorded."))
                    return redirect("access:consent", consent.pk)
                if "withdraw" in request.POST and withdraw_form.is_valid():
                    services.withdraw_consent(
                        actor=actor,
                        consent=consent,
                        withdrawn_by_name=withdraw_form.cleaned_data["withdrawn_by_name"],
                    )
                    messages.success(request, _("The consent is withdrawn. It no longer opens any information."))
                    return redirect("access:consent", consent.pk)
        except ValidationError as error:
            apply_errors(party_form if "add_party" in request.POST else withdraw_form, error)
    return render(
        request,
        "access/consent_detail.html",
        {
            "consent": consent,
            "placing": present_places_of(actor, consent.child),
            "party_form": party_form,
            "withdraw_form": withdraw_form,
            "active": consent.is_active(),
            "documents": document_selectors.attached(actor, consent),
            "upload_form": UploadForm()
            if services.consent_takes_changes(consent) and policy.can(actor, "change", consent)
            else None,
            "upload_slug": "samtycke",
            "upload_owner_id": consent.pk,
        },
        status=400 if (party_form.errors or withdraw_form.errors) else 200,
    )
