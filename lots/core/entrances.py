"""Which ways into Lots this install offers, asked by the front page and by the pages behind them."""

from django.conf import settings


def family_sign_in_offered() -> bool:
    """The family view has a way in: e-legitimation through the family's identity provider where
    one is configured, or, on a demo install, the demo's form."""
    return bool(settings.LOTS_DEMO or settings.LOTS_FAMILY_OIDC_ISSUER)
