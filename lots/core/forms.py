from django.core.exceptions import ValidationError
from django.forms import Form
from django.utils.translation import gettext as _


def apply_errors(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field where it names one, else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


#: The longest free text a form takes, unless a field says otherwise.
MAX_TEXT = 10_000


def cleaned_text(errors: dict, field: str, value: str, message: str, *, required: bool = True, limit: int = MAX_TEXT):
    """A service's free-text input, stripped; a refusal in `errors[field]` when it is required and
    empty (`message`) or longer than `limit`."""
    value = (value or "").strip()
    if required and not value:
        errors[field] = message
    elif len(value) > limit:
        errors[field] = _("The text is too long: at most %(n)s characters.") % {"n": limit}
    return value
