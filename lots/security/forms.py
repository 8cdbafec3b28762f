from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from lots.organisations.models import User


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the user name's length checked before anything is looked up.

    Django's form only sets the length on the widget; an over-long name reached `authenticate()`
    and django-axes' record of the attempt, which PostgreSQL refused (a 500). Found by the fuzzing
    in lots/security/tests/test_bad_input.py.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = User._meta.get_field(User.USERNAME_FIELD).max_length
        self.fields["username"].validators.append(MaxLengthValidator(limit))
