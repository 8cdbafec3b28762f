"""The search itself, apart from the page around it: issue 10 asks for a search by identity
number under 5 ms and by name under 50 ms. Timed in process through the selector the search
page calls (`children.selectors.find_children`), so the policy's filter and the access log's
append are in the figure; the page's HTML, session and middleware are not."""

from __future__ import annotations

import statistics
import time

from django.db import transaction

REPEAT = 100
WARMUP = 20  # a statement is prepared at its fifth use; PostgreSQL plans it generically later


def search_times(fixture: dict) -> dict:
    from lots.children import selectors
    from lots.organisations.actor import Actor
    from lots.organisations.models import User

    user = User.objects.get(username=fixture["caseworker"])
    actor = Actor(user=user, membership=user.memberships.select_related("unit__agency").first())
    timings = {}
    for kind, text in (("number", fixture["child_number"]), ("name", fixture["child_name"])):
        samples = []
        for i in range(WARMUP + REPEAT):
            with transaction.atomic():  # as the page does: the log's rows commit with the read
                started = time.perf_counter()
                found = selectors.find_children(actor, text)
                elapsed = (time.perf_counter() - started) * 1000
            if i >= WARMUP:
                samples.append(elapsed)
        samples.sort()
        timings[kind] = {
            "median_ms": round(statistics.median(samples), 3),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
            "found": len(found),
        }
    return timings
