"""What every API view shares: the language of the answer, the actor, a logged page of a list."""

from __future__ import annotations

from contextlib import ExitStack

from django.db import transaction
from django.utils import translation
from rest_framework import generics

from lots.access import policy
from lots.api.authentication import actor_of
from lots.api.problems import language_of
from lots.audit.models import Action


class ApiView(generics.GenericAPIView):
    # (A comment, not a docstring: drf-spectacular would print a docstring as each endpoint's
    # description.) The request's transaction begins after authentication, permissions and the
    # rate limit: the call is counted (in a cache that may be a database table) outside it, so a
    # call that ends in an error, whose transaction is rolled back, is still counted. The handler
    # and the error answer run inside it, as under ATOMIC_REQUESTS.
    # OPTIONS answers 405: the committed OpenAPI contract describes each call, and DRF's metadata
    # would fail on views that have a serializer per method or none.
    metadata_class = None

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        self._in_transaction = False
        with ExitStack() as self._transaction:
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        translation.activate(language_of(request))
        super().initial(request, *args, **kwargs)
        self._transaction.enter_context(transaction.atomic())
        self._in_transaction = True

    def get_exception_handler_context(self):
        # An error before the transaction began (401, 403, 429) has nothing of this call's to undo.
        return super().get_exception_handler_context() | {"rollback": self._in_transaction}

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
