"""Benchmark-only variants of Lots for issue 3's question: what do the policy and the log cost?

A variant is a Django app that the benchmark adds to INSTALLED_APPS of a gunicorn it starts
for the variant alone (`benchmarks.settings_policy_only`, `benchmarks.settings_bare`). When
loaded, it replaces the policy's filter and the log's writer in that process, so the very same
pages, selectors and templates are measured with and without them:

- policy only: the policy filters as always; `audit.record` writes nothing;
- bare: nothing is filtered (every row carries the ground "assignment"), nothing is logged.

The application itself has no switch for either: these modules live only under benchmarks/
and are never in lots.settings.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models import CharField, IntegerField, Value


def _unlogged(actor, accesses):
    return []


def _unfiltered(actor, queryset):
    return queryset


def _ungrounded(actor, queryset, *, child_id=None):
    from lots.access import policy

    if child_id is not None:  # the rows about the child, as the policy keeps them
        queryset = queryset.filter(**{policy.record_policy(queryset.model).child_path("pk"): child_id})
    return queryset.annotate(
        _ground=Value("assignment", output_field=CharField()),
        _ground_id=Value(None, output_field=IntegerField()),
    )


class PolicyOnly(AppConfig):
    name = "benchmarks"
    label = "bench_policy_only"

    def ready(self) -> None:
        from lots.audit import services

        services.record = _unlogged


class Bare(PolicyOnly):
    label = "bench_bare"

    def ready(self) -> None:
        from lots.access import policy

        super().ready()
        policy.with_grounds = _ungrounded
        policy.visible_to = _unfiltered
