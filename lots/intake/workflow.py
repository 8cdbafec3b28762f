"""The allowed status changes, as tables. One service per change; history is appended."""

from lots.intake.models import ForwardStatus, ReportStatus, RequestStatus

REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.RECEIVED: frozenset(
        {ReportStatus.INVESTIGATION_OPENED, ReportStatus.NOT_OPENED, ReportStatus.ALREADY_ONGOING}
    ),
    ReportStatus.INVESTIGATION_OPENED: frozenset({ReportStatus.INVESTIGATION_CONCLUDED}),
}

REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.NEW: frozenset({RequestStatus.FORWARDED, RequestStatus.CLOSED}),
    RequestStatus.FORWARDED: frozenset(
        {RequestStatus.FORWARDED, RequestStatus.ACCEPTED, RequestStatus.NEW, RequestStatus.CLOSED}
    ),
    RequestStatus.ACCEPTED: frozenset({RequestStatus.CLOSED}),
}

FORWARD_TRANSITIONS: dict[str, frozenset[str]] = {
    ForwardStatus.PENDING: frozenset({ForwardStatus.ACCEPTED, ForwardStatus.DECLINED}),
}

#: What the reporter may be told about a decided report (SoL 19 kap. 6 §), and nothing more.
FEEDBACK_BY_STATUS: dict[str, str] = {
    ReportStatus.INVESTIGATION_OPENED: "opened",
    ReportStatus.INVESTIGATION_CONCLUDED: "opened",
    ReportStatus.NOT_OPENED: "not_opened",
    ReportStatus.ALREADY_ONGOING: "already_ongoing",
}
