"""Retention of the security app's technical records."""

from axes.models import AccessAttempt, AccessLog
from django.utils.translation import gettext_lazy as _

from lots.core.models import SubmissionKey
from lots.retention.registry import RetentionKind
from lots.security.models import TaskFailure, UserSession

KINDS = [
    RetentionKind(
        key="security.usersession",
        label=_("Records of signed-in sessions"),
        model=UserSession,
        counts_from="signed_in_at",
        days=30,
        law=_("Technical: a session ends after inactivity or at the latest when the browser closes."),
    ),
    RetentionKind(
        key="security.idempotencykey",  # the key it had when the table was security's; rules name it
        label=_("Keys of submitted forms"),
        model=SubmissionKey,
        counts_from="created_at",
        days=7,
        law=_("Technical: only a resubmission within minutes needs them."),
    ),
    RetentionKind(
        key="security.taskfailure",
        label=_("Handled failed tasks"),
        model=TaskFailure,
        counts_from="handled_at",
        years=1,
        law=_("Technical: kept a year for follow-up of operations."),
    ),
    RetentionKind(
        key="axes.accesslog",
        label=_("Sign-in log"),
        model=AccessLog,
        counts_from="attempt_time",
        years=2,
        law=_("Security log of sign-ins; no person data about children."),
    ),
    RetentionKind(
        key="axes.accessattempt",
        label=_("Failed sign-in attempts"),
        model=AccessAttempt,
        counts_from="attempt_time",
        days=90,
        law=_("Technical: counts wrong passwords for the lock-out."),
    ),
]
