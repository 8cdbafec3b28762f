"""What the plans views share: acting, showing a service's refusal, keeping the user's text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.shortcuts import redirect, render
from django.urls import reverse

from lots.core.forms import apply_errors
from lots.plans import selectors


def attempt(form: Form, call: Callable, *, current_version: Callable[[], int] | None = None):
    """Run a service in its own savepoint; on refusal, show why on the form and change nothing.

    A stale version (someone else saved first) keeps what the user wrote and moves the form to
    the current version, so that saving again is a conscious choice, never a silent overwrite.
    """
    try:
        with transaction.atomic():
            return call(), form
    except ValidationError as error:
        if getattr(error, "code", None) == "stale" and current_version is not None:
            data = form.data.copy()
            prefix = f"{form.prefix}-" if form.prefix else ""
            data[f"{prefix}version"] = str(current_version())
            form = type(form)(data, **getattr(form, "_init_kwargs", {}))
            form.is_valid()
        apply_errors(form, error)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return None, form


def bound(form_class, request, **kwargs) -> Form:
    """A form bound on POST (unbound on GET), remembering how it was made so it can be rebuilt."""
    form = form_class(request.POST if request.method == "POST" else None, **kwargs)
    form._init_kwargs = kwargs
    return form


def page(request, template: str, context: dict, form: Form | None = None):
    status = 400 if form is not None and form.errors else 200
    return render(request, template, context, status=status)


def run_and_tell(request, call: Callable, done: str) -> bool:
    """A button without a form of its own: run the service, then say what happened or why not."""
    try:
        with transaction.atomic():
            call()
    except ValidationError as error:
        errors = error.messages
    except PermissionDenied as error:
        errors = [str(error)]
    else:
        errors = []
    for error in errors:
        messages.error(request, error)
    if not errors:
        messages.success(request, done)
    return not errors


@dataclass(frozen=True)
class Question:
    """What an irreversible step asks before it is taken: the question, what it does, the button."""

    question: str
    explanation: str
    button: str


def ask_first(request, sip, question: Question, *, keep: dict[str, str] | None = None):
    """A step that cannot be undone is taken only when confirmed: the first POST shows a page that
    says what it does and posts again with `confirmed=yes` (and the fields in `keep`). No script."""
    if request.POST.get("confirmed") == "yes":
        return None
    context = {"sip": sip, "ask": question, "keep": sorted((keep or {}).items()), "action": request.path}
    return render(request, "plans/confirm.html", context)


@dataclass(frozen=True)
class Texts:
    """The words of a form page: its heading, the lead text, the button."""

    title: str
    button: str
    lede: str = ""
    danger: bool = False


def plan_form(
    request,
    *,
    actor,
    sip,
    form: Form,
    call: Callable[[dict], object],
    done: str | Callable[[object], str],
    texts: Texts,
    success_url: str = "",
    saved=None,
    saved_template: str = "",
):
    """A page with one form about a plan: on a valid POST run the service; on success say so and
    go back to the plan; on refusal show the form again with the user's text and the reason.
    `saved` is the row being changed, shown as it is saved now when a save is refused."""
    if request.method == "POST" and form.is_valid():
        result, form = attempt(
            form, lambda: call(form.cleaned_data), current_version=lambda: selectors.row_version(saved or sip)
        )
        if result is not None:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(success_url or reverse("plans:detail", args=[sip.pk]))
    context = {
        "form": form,
        "sip": sip,
        "child": selectors.child_of(actor, sip),
        "text": texts,
        "saved": saved,
        "saved_template": saved_template,
    }
    return page(request, "plans/form.html", context, form)
