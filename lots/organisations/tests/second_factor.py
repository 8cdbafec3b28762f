"""Test help for the code step of a sign-in: an authenticator for a user and its code now."""

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations.tests.factories import TEST_PASSWORD


def enrolled_device(user) -> TOTPDevice:
    """The user's confirmed authenticator (one is made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def give_the_code(client, user, *, next_url: str = "/"):
    """Answer the code step as the user's phone would. A code is good once (django-otp remembers
    the last one used), so a test that signs the same person in twice is let use it again."""
    device = enrolled_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return client.post(reverse("otp_verify"), {"code": current_code(device), "next": next_url})


def sign_in_with_code(client, user, *, password: str = TEST_PASSWORD):
    """The whole sign-in: the password, then the code."""
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, "the password was refused"
    return give_the_code(client, user)
