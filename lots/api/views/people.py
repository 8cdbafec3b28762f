"""Children, and their consents: read through the people and access apps' selectors."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from lots.access import selectors as access_selectors
from lots.access.presentation import present_children, present_places_of
from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.children import selectors as children_selectors


class ChildList(ApiView, generics.ListAPIView):
    """The children assigned to the caller in the agency it acts in."""

    serializer_class = s.ChildSerializer

    def list(self, request, *args, **kwargs):
        actor = self.actor
        rows = self.logged_page(children_selectors.assigned_children(actor), detail="api")
        return self.get_paginated_response(s.ChildSerializer(present_children(actor, rows), many=True).data)


class ChildSearch(ApiView):
    """Find a child by name or identity number. A POST, so that the number is never in a URL."""

    reads_only = True
    serializer_class = s.ChildSearchSerializer
    pagination_class = None

    @extend_schema(request=s.ChildSearchSerializer, responses={200: s.ChildSerializer(many=True)})
    def post(self, request):
        form = s.ChildSearchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        found = children_selectors.find_children(self.actor, form.validated_data["query"])
        return Response(s.ChildSerializer(found, many=True).data)


class ChildDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = s.ChildSerializer

    def retrieve(self, request, pk: int, *args, **kwargs):
        return Response(s.ChildSerializer(children_selectors.child_view(self.actor, pk, detail="api")).data)


class ChildConsents(ApiView):
    """The child's consents the caller may see (a child has few; not paged)."""

    pagination_class = None

    @extend_schema(responses={200: s.ConsentSerializer(many=True)})
    def get(self, request, pk: int):
        actor = self.actor
        child = children_selectors.child_view(actor, pk, detail="api consents")
        consents = access_selectors.consents_for_child(actor, child.pk)
        return Response(s.ConsentSerializer(consents, many=True, context={"placing": child}).data)


class ConsentDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = s.ConsentDetailSerializer

    def retrieve(self, request, pk: int, *args, **kwargs):
        consent = access_selectors.consent_detail(self.actor, pk)
        placing = present_places_of(self.actor, consent.child)
        return Response(s.ConsentDetailSerializer(consent, context={"placing": placing}).data)
