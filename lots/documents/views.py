from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lots.access import policy
from lots.documents import owners, selectors, services, store
from lots.documents.forms import UploadForm
from lots.organisations.actor import Actor


@login_required
@require_POST
def upload(request, slug: str, owner_id: int):
    """Upload to a record the actor may change; back to the record's page with the answer."""
    owner = owners.by_slug(slug)
    if owner is None:
        raise Http404
    actor = Actor.from_request(request)
    record = policy.get_visible(actor, owner.model._default_manager.all(), pk=owner_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(owner.url(owner_id))
    try:
        services.attach(actor=actor, record=record, upload=form.cleaned_data["file"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The document is uploaded."))
    return redirect(owner.url(owner_id))


@login_required
@require_GET
def download(request, document_id: UUID):
    """Served only here, after the policy: as an attachment, under its sanitised name, in a
    sandbox, never cached."""
    document = selectors.for_download(Actor.from_request(request), document_id)
    response = FileResponse(store.open_for_reading(document.storage_name), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.name)
    response["Content-Length"] = str(document.size)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
