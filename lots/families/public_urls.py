"""The family's own way to the team, reachable without an account: under /familj/ so that the
family view (whose boundary lets a family's session reach /familj/ only) can link here too."""

from django.urls import path

from lots.families.views import public

app_name = "families_public"

urlpatterns = [
    path("", public.self_referral, name="self_referral"),
    path("tack/", public.receipt, name="receipt"),
]
