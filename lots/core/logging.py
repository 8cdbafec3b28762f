import logging

from lots.core import context


class RequestIdFilter(logging.Filter):
    """Adds the request id to every log record; the log carries ids, never person data."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = context.current()
        record.request_id = ctx.request_id if ctx else "-"
        return True
