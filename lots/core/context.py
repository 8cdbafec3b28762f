"""The request context that outlives a view call: request id and client address.

Kept in a context variable so that the audit log and the application log can name the
request without every function passing it along.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None
    #: Denied attempts, written by the audit middleware once the view's transaction has ended.
    pending_denied: list = field(default_factory=list)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("lots_request_context", default=None)


def current() -> RequestContext | None:
    return _current.get()


def activate(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)
