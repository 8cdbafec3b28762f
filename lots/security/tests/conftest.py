import importlib

import pytest
from django.db import connection

_append_only = importlib.import_module("lots.audit.migrations.0003_append_only")


@pytest.fixture
def flushable_audit_log(transactional_db):
    """Tests that commit (transaction=True) must let Django empty the tables afterwards. On
    SQLite that is a DELETE, which the access log's triggers refuse: lift them for the flush
    and put them back. (PostgreSQL's flush is a TRUNCATE, which row triggers do not see.)"""
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='audit_auditentry'")
        if not cursor.fetchone():
            return
        for statement in _append_only.SQLITE_REVERSE:
            cursor.execute(statement.replace("DROP TRIGGER", "DROP TRIGGER IF EXISTS"))
        cursor.execute("DELETE FROM audit_auditentry")
        for statement in _append_only.SQLITE:
            cursor.execute(statement)
