"""Concern reports in every state at Åskär's reception, deadlines kept and missed, and the
shared entry point with its routing table and requests on their way.

Noah (scenario 2) has no report yet: the demo and the browser test file it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import Permission
from django.utils import timezone

from demo import names
from lots.intake import deadlines
from lots.intake.models import (
    ConcernReport,
    EntryPoint,
    Forward,
    HelpRequest,
    ReportEvent,
    ReportStatus,
    RequestEvent,
    RoutingRule,
)
from lots.organisations.models import Unit, User
from lots.people.models import Child

RECEPTION = "Mottagningen barn och unga"

OBSERVATIONS = [
    ("Eleven berättar att hon inte får äta hemma när mamma är arg och har ofta inte ätit frukost.", "none"),
    ("Pojken har kommit till skolan med samma kläder i två veckor och luktar illa; klasskamrater retar honom.", "none"),
    ("Eleven säger att pappa slog mamma i helgen och att han gömde sig i garderoben.", "witnessed"),
    ("Blåmärken på överarmarna i form av fingrar; eleven säger att hon ramlade men vill inte gå hem.", "subjected"),
    ("Hög frånvaro sedan jullovet; vårdnadshavaren svarar inte på samtal och eleven verkar ledsen och trött.", "none"),
    ("Eleven har berättat för kuratorn att hon skadar sig själv och att ingen hemma vet om det.", "none"),
    ("Barnet kom till vårdcentralen med ett brännsår som inte stämmer med förklaringen.", "subjected"),
    ("Polisen har varit på adressen efter larm om bråk; två barn fanns i lägenheten.", "witnessed"),
]

REPORTERS = [
    ("mentor.centrum", "Centrumskolan"),
    ("kurator.centrum", "Centrumskolan"),
    ("skolskoterska.centrum", "Centrumskolan"),
    ("mentor.asen", "Åsens skola"),
    ("kurator.asen", "Åsens skola"),
    ("vardcentral", "Vårdcentralen Åskär"),
    ("bup", "BUP Åskär"),
    ("faltassistent", "Fältgruppen"),
]

# (days ago, what becomes of it): the plan of states, deadlines kept and missed.
PLAN = [
    (0, "received"),
    (0, "received"),
    (1, "received"),  # protection assessment missed
    (2, "assessed"),
    (5, "assessed"),
    (9, "assessed"),
    (17, "assessed"),  # decision overdue
    (12, "not_opened"),
    (25, "not_opened_late"),
    (30, "already_ongoing"),
    (20, "already_ongoing_no_feedback"),  # feedback overdue
    (40, "opened"),
    (70, "opened"),
    (140, "opened"),  # investigation overdue
    (150, "extended"),
    (200, "concluded"),
    (230, "concluded_late"),
]


def _at(today: dt.date, days_ago: int, hour: int) -> dt.datetime:
    """`hour` o'clock `days_ago` days before `today`, but never later than now: loaded just after
    midnight, "today at eight" lay in the future, and the reporter's newest report sorted below it."""
    moment = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 0)))
    return min(moment, timezone.now())


def build_intake(
    units: dict[str, Unit], users: dict[str, User], children: dict[str, Child], *, seed: int, today: dt.date
):
    rng = random.Random(seed + 5)
    reception = units[RECEPTION]
    social = reception.agency
    intake_users = [users["mottagning"], users["mottagning2"]]
    pool = list(
        Child.objects.filter(school_unit__agency__principal=social.principal)
        .exclude(pk__in=[c.pk for c in children.values()])
        .exclude(protected_identity=True)
        .order_by("pk")[:60]
    )
    rng.shuffle(pool)
    reports, events = [], []
    for index, (days_ago, state) in enumerate(PLAN):
        observed, violence = OBSERVATIONS[index % len(OBSERVATIONS)]
        username, unit_name = REPORTERS[index % len(REPORTERS)]
        reporter = users[username]
        child = None if index == 4 else pool[index]
        received = _at(today, days_ago, 8 + index % 9)
        handler = intake_users[index % 2]
        report = ConcernReport(
            receiving_agency=social,
            receiving_unit=reception,
            child=child,
            child_name_given=child.full_name if child else "Flicka, ca 12 år, heter kanske Nora",
            child_details_given="" if child else "Sågs vid busshållplatsen vid Centrumskolan flera kvällar i rad.",
            reporter=reporter,
            reporter_unit=units[unit_name],
            reporter_kind="health_care"
            if unit_name in ("Vårdcentralen Åskär", "BUP Åskär")
            else ("social_services" if unit_name == "Fältgruppen" else "school"),
            reporter_name=reporter.get_full_name(),
            reporter_phone=f"070-174 06 {20 + index:02d}",
            reporter_email=reporter.email,
            observed=observed,
            observed_on=received.date() - dt.timedelta(days=rng.randint(0, 2)),
            violence=violence,
            guardians_informed="no" if violence != "none" else "yes",
            guardians_not_informed_reason="Den som misstänks är vårdnadshavare." if violence != "none" else "",
            received_at=received,
        )
        rng.getrandbits(128)  # the draw that was its form key: the demo stays the one it was
        history = [(ReportEvent.Kind.RECEIVED, received, None, "", "")]
        if state != "received":
            assessed = received + dt.timedelta(hours=2)
            report.protection_assessed_at, report.protection_assessed_by = assessed, handler
            report.protection_outcome = "no_immediate_need"
            report.protection_note = "Barnet bedöms inte vara i behov av omedelbart skydd i dag; kontakt med skolan."
            history.append((ReportEvent.Kind.PROTECTION_ASSESSED, assessed, handler, "", ""))
        decided_after = {"not_opened_late": 17, "concluded_late": 3}.get(state, 1 if violence != "none" else 8)
        decided = received + dt.timedelta(days=min(decided_after, max(days_ago, 0)), hours=3)
        if state.startswith(("not_opened", "already_ongoing", "opened", "extended", "concluded")):
            status = {
                "not": ReportStatus.NOT_OPENED,
                "already": ReportStatus.ALREADY_ONGOING,
            }.get(state.split("_")[0], ReportStatus.INVESTIGATION_OPENED)
            report.status = status
            report.decided_at, report.decided_by = decided, handler
            if status == ReportStatus.NOT_OPENED:
                report.decision_reason = (
                    "Familjen har redan kontakt med familjebehandlingen; oron bedöms kunna mötas där."
                )
                report.decision_ground = deadlines.rule(deadlines.DECISION).law
            elif status == ReportStatus.ALREADY_ONGOING:
                report.decision_reason = "Utredning pågår redan; anmälan tillförs den."
                report.decision_ground = deadlines.rule(deadlines.DECISION).law
            else:
                report.decision_ground = (
                    deadlines.VIOLENCE_GROUND if violence != "none" else deadlines.rule(deadlines.DECISION).law
                )
                report.investigation_reference = f"BU-{decided:%Y}-{1000 + index}"
                report.investigation_due_on = deadlines.rule(deadlines.INVESTIGATION).due(decided)
            history.append((ReportEvent.Kind.DECIDED, decided, handler, "received", status))
            if state != "already_ongoing_no_feedback":
                report.feedback_given_at = decided + dt.timedelta(days=2)
                history.append((ReportEvent.Kind.FEEDBACK_GIVEN, report.feedback_given_at, handler, "", ""))
                report.reporter_meeting_offered_at = report.feedback_given_at
                history.append((ReportEvent.Kind.MEETING_OFFERED, report.feedback_given_at, handler, "", "reporter"))
        if state == "extended":
            report.investigation_due_on = report.investigation_due_on + dt.timedelta(days=45)
            report.investigation_extension_reason = "Inväntar BUP:s bedömning; särskilda skäl enligt 20 kap. 3 §."
            history.append((ReportEvent.Kind.EXTENDED, decided + dt.timedelta(days=110), handler, "", ""))
        if state.startswith("concluded"):
            report.status = ReportStatus.INVESTIGATION_CONCLUDED
            late = 130 if state == "concluded_late" else 100
            report.investigation_concluded_at = decided + dt.timedelta(days=late)
            history.append(
                (
                    ReportEvent.Kind.CONCLUDED,
                    report.investigation_concluded_at,
                    handler,
                    "investigation_opened",
                    "investigation_concluded",
                )
            )
        upcoming = deadlines.next_open(deadlines.report_deadlines(report))
        report.next_deadline_on = upcoming.due if upcoming else None
        report.next_deadline_rule = upcoming.rule.key if upcoming else ""
        reports.append((report, history))
    ConcernReport.objects.bulk_create([r for r, _ in reports])
    for report, history in reports:
        for kind, at, by, before, after in history:
            events.append(ReportEvent(report=report, kind=kind, at=at, by=by, from_status=before, to_status=after))
    ReportEvent.objects.bulk_create(events)
    _build_entry_point(units, users, children, today=today, rng=rng)


ROUTING = [
    ("mental_health", "BUP Åskär", "Remiss och samverkan med BUP"),
    ("neuropsychiatric", "BUP Åskär", "Utredning av neuropsykiatriska svårigheter"),
    ("neuropsychiatric", "Barn- och ungdomshabiliteringen", "Habilitering efter diagnos"),
    ("school_absence", "Familjebehandlingen", "Problematisk skolfrånvaro"),
    ("school_absence", "BUP Åskär", "Problematisk skolfrånvaro"),
    ("disability", "LSS-handläggning", "Ansökan om insats enligt LSS"),
    ("disability", "Råd och stöd", "Råd och stöd enligt LSS"),
    ("family_support", "Familjebehandlingen", "Föräldrastöd och familjebehandling"),
    ("family_support", "Familjelotsteamet", "Familjelots"),
    ("substance", "Fältgruppen", "Tidiga insatser för unga"),
    ("learning", "Resursskolan Kompassen", "Särskilt stöd och resursplacering"),
]


def _build_entry_point(units, users, children, *, today: dt.date, rng: random.Random) -> None:
    entry = EntryPoint.objects.create(name="Gemensam ingång Åskär", unit=units[RECEPTION])
    RoutingRule.objects.bulk_create(
        [
            RoutingRule(need=need, unit=units[unit], routine=routine, order=i)
            for i, (need, unit, routine) in enumerate(ROUTING)
        ]
    )
    admin = users["admin"]
    admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="intake", codename__endswith="routingrule")
    )
    admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="intake", codename__endswith="entrypoint")
    )
    coordinator = users["mottagning"]
    plans = [
        ("rektor.asen", "Åsens skola", "Familjen Hassan", ["neuropsychiatric", "family_support"], 1, None),
        (
            "kurator.asen",
            "Åsens skola",
            "Elin Berg och hennes vårdnadshavare",
            ["school_absence", "mental_health"],
            3,
            "BUP Åskär",
        ),
        ("kurator.centrum", "Centrumskolan", "Familjen Karlsson", ["family_support"], 12, "Familjebehandlingen"),
        (
            "vardcentral",
            "Vårdcentralen Åskär",
            f"Familjen {rng.choice(names.SURNAMES)}",
            ["disability"],
            9,
            "LSS-handläggning",
        ),
    ]
    for index, (username, unit_name, who, needs, days_ago, forwarded_to) in enumerate(plans):
        created = _at(today, days_ago, 9 + index)
        request = HelpRequest.objects.create(
            entry_point=entry,
            owning_agency=entry.unit.agency,
            who_given=who,
            needs=needs,
            description=(
                "Familjen har många kontakter och vet inte vart de ska vända sig; de vill ha hjälp att samordna stödet."
            ),
            family_consents=True,
            requested_by=users[username],
            requester_unit=units[unit_name],
            created_at=created,
        )
        rng.getrandbits(128)  # the draw that was its form key: the demo stays the one it was
        RequestEvent.objects.create(
            request=request, kind="created", at=created, by=users[username], unit=units[unit_name]
        )
        if forwarded_to is None:
            continue
        forwarded = created + dt.timedelta(hours=3)
        request.status = "forwarded"
        request.accept_due_on = deadlines.rule(deadlines.REQUEST_ACCEPTANCE).due(forwarded)
        forward = Forward.objects.create(
            request=request, unit=units[forwarded_to], forwarded_by=coordinator, forwarded_at=forwarded
        )
        RequestEvent.objects.create(
            request=request, kind="forwarded", at=forwarded, by=coordinator, unit=units[forwarded_to]
        )
        if index == 2:
            forward.status, forward.answered_at = "accepted", forwarded + dt.timedelta(days=1)
            forward.answered_by = users["familjebehandlare"]
            forward.save()
            request.status = "accepted"
            RequestEvent.objects.create(
                request=request, kind="accepted", at=forward.answered_at, by=forward.answered_by, unit=forward.unit
            )
        elif request.accept_due_on < today:
            request.escalated_at = timezone.make_aware(
                dt.datetime.combine(request.accept_due_on + dt.timedelta(days=1), dt.time(6))
            )
            RequestEvent.objects.create(request=request, kind="escalated", at=request.escalated_at)
        request.save()
