import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.core.luhn import luhn_ok

_ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def normalise_organisation_number(value: str) -> str:
    """Swedish organisation numbers: ten digits, Luhn check digit, third digit at least 2."""
    match = _ORG_NUMBER.match((value or "").strip())
    if not match:
        raise ValidationError(_("An organisation number has ten digits, as NNNNNN-NNNN."))
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValidationError(_("The third digit of an organisation number is at least 2."))
    if not luhn_ok(digits):
        raise ValidationError(_("The check digit of the organisation number is wrong."))
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
