"""Benchmark of the plans app on 100 000 SIPs in PostgreSQL.

    .venv/bin/python -m benchmarks.bench_plans [--plans 100000] [--requests 50]

Creates (or recreates) the database `lots_bench_plans` on the local PostgreSQL, migrates it,
bulk-inserts a region with its municipality's agencies, 100 000 children each with a SIP (its
requester taking part, with need to know), and one BUP clinician who takes part in 200 of those
plans under a consent; one of them holds 30 actions and 10 meetings. It then measures, in
process with Django's test client after a warm-up, the server time of "Mina SIP:ar" and of
that plan's page (median and p95 of the timed requests) and their query counts, and writes
benchmarks/results/plans.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@localhost:5432")
NAME = "lots_bench_plans"
RESULTS = Path(__file__).resolve().parent / "results" / "plans.md"


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{NAME}"')


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{NAME}"
    os.environ.setdefault("LOTS_VAR_DIR", tempfile.mkdtemp(prefix="lots-bench-"))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lots.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _populate(plans: int) -> tuple:
    """Bulk-insert the data set; returns (clinician, the large plan's id)."""
    from django.utils import timezone

    from lots.access.models import Assignment, Consent, ConsentAgency
    from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose
    from lots.organisations.models import Agency, Membership, Principal, Unit, User
    from lots.organisations.roles import Role
    from lots.people.models import Child
    from lots.plans.models import Sip, SipAction, SipInvitee, SipMeeting, SipParticipant, Status

    now, today = timezone.now(), timezone.localdate()
    region = Principal.objects.create(name="Region Bänk", kind="region", organisation_number="232100-0016")
    town = Principal.objects.create(
        name="Bänks kommun", kind="municipality", organisation_number="212000-0142", region=region
    )
    school = Agency.objects.create(principal=town, name="Utbildning", kind=Agency.Kind.SCHOOL)
    social = Agency.objects.create(principal=town, name="Socialtjänst", kind=Agency.Kind.SOCIAL_SERVICES)
    bup = Agency.objects.create(principal=region, name="BUP", kind=Agency.Kind.HEALTH_CARE)
    units = {
        agency: Unit.objects.create(agency=agency, name=f"Enhet {agency.name}", kind="other")
        for agency in (school, social, bup)
    }
    staff = []
    for n in range(60):
        agency = (school, social)[n % 2]
        user = User.objects.create(username=f"staff{n}", first_name="Personal", last_name=f"Nummer{n}")
        Membership.objects.create(
            user=user, unit=units[agency], role=Role.KURATOR if agency == school else Role.SOCIAL_WORKER_INVESTIGATION
        )
        staff.append((user, agency))
    clinician = User.objects.create(username="bo", first_name="Bo", last_name="Bupsson")
    Membership.objects.create(user=clinician, unit=units[bup], role=Role.BUP_CLINICIAN)

    batch = 5000
    Child.objects.bulk_create(
        [Child(first_name="Barn", last_name=f"Bänksson{n}", reserve_number=f"B-{n:07d}") for n in range(plans)],
        batch_size=batch,
    )
    children = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    statuses = [
        Status.REQUESTED,
        Status.CONSENT_OBTAINED,
        Status.MEETING_CALLED,
        Status.ESTABLISHED,
        Status.FOLLOWED_UP,
        Status.CLOSED,
    ]
    sips = []
    for n, child_id in enumerate(children):
        user, agency = staff[n % len(staff)]
        status = statuses[n % len(statuses)]
        sips.append(
            Sip(
                child_id=child_id,
                status=status,
                requesting_agency=agency,
                requested_by=user,
                requested_at=now - dt.timedelta(days=n % 400),
                reason="Behov av samordning mellan skola, socialtjänst och BUP.",
                meeting_due_on=today + dt.timedelta(days=(n % 60) - 30),
                follow_up_on=today + dt.timedelta(days=(n % 120) - 20)
                if status in (Status.ESTABLISHED, Status.FOLLOWED_UP)
                else None,
            )
        )
    Sip.objects.bulk_create(sips, batch_size=batch)
    sips = list(Sip.objects.order_by("pk").values_list("pk", "child_id", "requested_by_id", "requesting_agency_id"))
    by_agency = {school.pk: units[school], social.pk: units[social]}
    Assignment.objects.bulk_create(
        [
            Assignment(user_id=u, unit=by_agency[a], child_id=c, reason="case", starts_at=now - dt.timedelta(days=500))
            for _, c, u, a in sips
        ],
        batch_size=batch,
    )
    assignment_of = dict(Assignment.objects.values_list("child_id", "pk"))
    SipParticipant.objects.bulk_create(
        [
            SipParticipant(
                sip_id=s,
                kind="staff",
                user_id=u,
                unit=by_agency[a],
                agency_id=a,
                invited_by_id=u,
                assignment_id=assignment_of[c],
            )
            for s, c, u, a in sips
        ],
        batch_size=batch,
    )

    mine = [row for row in sips if row[3] == school.pk][:200]
    for sip_id, child_id, requester, _ in mine:
        consent = Consent.objects.create(
            child_id=child_id,
            purpose=Purpose.SIP,
            reference_id=sip_id,
            information_kinds=ALL_INFORMATION_KINDS,
            form="signed_paper",
            noted_by_id=requester,
            recorded_in=school,
            effective_at=now - dt.timedelta(days=30),
        )
        ConsentAgency.objects.bulk_create([ConsentAgency(consent=consent, agency=a) for a in (school, social, bup)])
    granted = Assignment.objects.bulk_create(
        [
            Assignment(
                user=clinician,
                unit=units[bup],
                child_id=c,
                reason="sip_participant",
                starts_at=now - dt.timedelta(days=30),
            )
            for _, c, _, _ in mine
        ]
    )
    participants = SipParticipant.objects.bulk_create(
        [
            SipParticipant(
                sip_id=s, kind="staff", user=clinician, unit=units[bup], agency=bup, invited_by_id=r, assignment=g
            )
            for (s, _, r, _), g in zip(mine, granted, strict=True)
        ]
    )
    Sip.objects.filter(pk__in=[s for s, *_ in mine]).update(
        status=Status.ESTABLISHED, follow_up_on=today + dt.timedelta(days=30)
    )

    large, _, requester, _ = mine[0]
    requester_participant = SipParticipant.objects.get(sip_id=large, user_id=requester)
    SipAction.objects.bulk_create(
        [
            SipAction(
                sip_id=large,
                owner_agency=(school, social, bup)[n % 3],
                written_by_id=requester if n % 3 != 2 else clinician.pk,
                what=f"Insats {n}",
                responsible_kind="agency",
                responsible_agency=(school, social, bup)[n % 3],
                starts_on=today,
            )
            for n in range(30)
        ]
    )
    meetings = SipMeeting.objects.bulk_create(
        [
            SipMeeting(
                sip_id=large,
                starts_at=now + dt.timedelta(days=n * 14 - 70),
                ends_at=now + dt.timedelta(days=n * 14 - 70, hours=1),
                place="Rum Ek",
                called_by_id=requester,
                called_by_agency=school,
                uid=f"bench-{n}@lots",
            )
            for n in range(10)
        ]
    )
    SipInvitee.objects.bulk_create(
        [SipInvitee(meeting=m, participant=p) for m in meetings for p in (requester_participant, participants[0])]
    )
    return clinician, large


def _measure(client, url: str, requests: int) -> dict:
    """Wall-clock server time (what a user waits for, on this machine as loaded now) and the
    process's CPU time (less sensitive to other work on a shared machine), and the queries."""
    from lots.core.testing import queries_of

    for _ in range(5):
        assert client.get(url).status_code == 200
    wall, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    queries = len(queries_of(lambda: client.get(url)))
    wall.sort()
    return {
        "median": statistics.median(wall),
        "p95": wall[max(0, int(len(wall) * 0.95) - 1)],
        "cpu": statistics.median(cpu),
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="measure again on the data set already inserted")
    args = parser.parse_args()
    if not args.reuse:
        _recreate_database()
    _setup_django()
    started = time.perf_counter()
    if args.reuse:
        from django.db.models import Count

        from lots.organisations.models import User
        from lots.plans.models import Sip

        clinician = User.objects.get(username="bo")
        large = Sip.objects.annotate(n=Count("actions")).filter(n=30).values_list("pk", flat=True).first()
        args.plans = Sip.objects.count()
    else:
        clinician, large = _populate(args.plans)
    populated = time.perf_counter() - started

    from django.db import connection

    from benchmarks.inprocess import signed_in_client

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = signed_in_client(clinician)
    results = {
        '"Mina SIP:ar" (/sip/), a user in 200 plans': _measure(client, "/sip/", args.requests),
        f"A plan's page (/sip/{large}/), 30 actions and 10 meetings": _measure(client, f"/sip/{large}/", args.requests),
    }
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        "# Plans benchmark",
        "",
        f"{args.plans:,} SIPs in PostgreSQL (`{NAME}`), {args.requests} timed requests after 5 warm-up ones,",
        "server time measured in process with Django's test client (middleware, policy, audit log, templates).",
        f"Data set ready in {populated:.0f} s; load average during the run {load} on {os.cpu_count()} cores.",
        "Run: `.venv/bin/python -m benchmarks.bench_plans`.",
        "",
        "| page | median (ms) | p95 (ms) | median CPU of the process (ms) | queries |",
        "|---|---|---|---|---|",
        *[
            f"| {name} | {r['median']:.1f} | {r['p95']:.1f} | {r['cpu']:.1f} | {r['queries']} |"
            for name, r in results.items()
        ],
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
