"""What every API view shares: the language of the answer, the actor, a logged page of a list."""

from __future__ import annotations

from django.utils import translation
from rest_framework import generics

from lots.access import policy
from lots.api.authentication import actor_of
from lots.api.problems import language_of
from lots.audit.models import Action


class ApiView(generics.GenericAPIView):
    def initial(self, request, *args, **kwargs):
        translation.activate(language_of(request))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    @property
    def actor(self):
        return actor_of(self.request)

    def logged_page(self, queryset, *, detail: str) -> list:
        """One page of a list the owning app's selector judged, each row logged as shown."""
        rows = list(self.paginate_queryset(queryset))
        policy.log_access(self.actor, Action.LIST, rows, detail=detail)
        return rows
