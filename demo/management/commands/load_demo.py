from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from demo import loader as demo
from demo.personas import DEMO_PASSWORD, DEMO_TOTP_KEY_BASE32, demo_logins
from lots.portal import dev_idp


class Command(BaseCommand):
    help = "Load the demo region, staff and children (once; a loaded database is left as it is)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed: int, **options):
        if demo.is_loaded():
            self.stdout.write("The demo is already loaded.")
        else:
            demo.build(seed=seed)
            self.stdout.write(self.style.SUCCESS("The demo is loaded."))
        self.stdout.write(f"Demo log-ins (password {DEMO_PASSWORD}):")
        for persona in demo_logins():
            self.stdout.write(f"  {persona.username:<16} {persona.first_name} {persona.last_name}, {persona.unit}")
        self.stdout.write(
            f"One-time code: shown at sign-in on a demo, or add the key {DEMO_TOTP_KEY_BASE32} to an authenticator app."
        )
        if settings.LOTS_DEV_IDP:
            dev_idp.register_client(redirect_uri=settings.LOTS_BASE_URL + reverse("portal:oidc_callback"))
            self.stdout.write(
                "The family view (/familj/): sign in through the development identity provider with the "
                "identity number of one of the demo's guardians."
            )
