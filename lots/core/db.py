"""Query expressions that both databases (PostgreSQL and SQLite) understand the same way."""

from __future__ import annotations

from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject


class JSONList(Aggregate):
    """The aggregated values as one JSON array: JSONB_AGG on PostgreSQL, JSON_GROUP_ARRAY on SQLite.

    JSONB (not JSON) on PostgreSQL, so that Django hands the text to JSONField to decode, as it
    does on SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_rows(queryset: QuerySet, link: str, **fields) -> Subquery:
    """The rows of `queryset` whose `link` is the outer row, as a JSON list of objects of `fields`.

    For the few small rows that hang off each row of a page's query (a meeting's invitees, an
    action's cost shares): read inside that query instead of in one query more per kind. The
    list is NULL when there are none, and in no particular order.
    """
    rows = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(_rows=JSONList(JSONObject(**fields)))
        .values("_rows")
    )
    return Subquery(rows, output_field=JSONField())
