"""psycopg turns a statement's %s placeholders into PostgreSQL's $1, $2… by parsing its text,
and keeps the result only for statements of up to 4 096 characters and 50 parameters. The
access policy's reads are longer (a child's SIPs: 11 000 characters and 139 parameters) and
come back with the same text on every page, so each was parsed again on every read: 0.3–0.5 ms
apiece, four or five times per page. Lots raises both limits when it starts; psycopg's cache
itself (the 128 statements used last) is left as it is.

The limits live in a private module of psycopg; its version is pinned in requirements.lock,
and `lots/core/tests/test_statements.py` fails if an upgrade moves them.
"""

from __future__ import annotations

from psycopg import _queries

LONGEST = 65_536
MOST_PARAMETERS = 1_000


def cache_long_statements() -> None:
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(_queries.MAX_CACHED_STATEMENT_LENGTH, LONGEST)
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(_queries.MAX_CACHED_STATEMENT_PARAMS, MOST_PARAMETERS)
