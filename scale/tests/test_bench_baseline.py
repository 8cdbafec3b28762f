"""`--baseline`: every page goes to this checkout's server and the baseline's in turn, and the
ratio is now over before."""

from argparse import Namespace
from pathlib import Path

import pytest

from benchmarks import baseline, report
from scale.tests.test_bench_load import ORDER, _server

ROOT = Path(__file__).resolve().parents[2]


class _Started:
    """What `compare` expects of a started server: it can be stopped."""

    def __init__(self, http_server):
        self.http_server = http_server

    def terminate(self):
        self.http_server.shutdown()

    def wait(self, timeout):
        return 0


def test_each_page_is_measured_on_both_checkouts_in_turn_and_their_ratio_is_reported():
    ORDER.clear()
    servers = {"current": _server("current", 6.0), "baseline": _server("baseline", 8.0)}
    ports = iter(server.server_address[1] for server in servers.values())
    started = []

    def start_server(env, port, workers, *, cwd=ROOT):
        started.append((port, cwd, env.get("PYTHONPATH")))
        name = next(n for n, s in servers.items() if s.server_address[1] == port)
        return _Started(servers[name])

    args = Namespace(baseline=str(ROOT), pages=["sign_in"], requests=3, workers=1)
    rows = baseline.compare(args, {}, {}, start_server=start_server, free_port=lambda: next(ports))

    assert [cwd for _, cwd, _ in started] == [ROOT, ROOT] and started[1][2] == str(ROOT)
    assert ORDER[-6:] == ["current", "baseline"] * 3
    (row,) = rows
    assert row["name"] == "sign_in" and row["server_ratio"] == 0.75
    assert row["cpu_db_ratio"] == 1.0  # cpu 2 + db 1 on both
    table = report.baseline_table({"baseline": {"commit": "abcdef123456", "pages": rows}})
    assert "commit abcdef1234" in table[0] and "| sign_in | 8.0 | 6.0 | 0.75 |" in table[-1]


def test_a_folder_that_is_not_a_checkout_of_lots_is_refused(tmp_path):
    args = Namespace(baseline=str(tmp_path), pages=None, requests=1, workers=1)
    with pytest.raises(SystemExit, match="is not a checkout of Lots"):
        baseline.compare(args, {}, {}, start_server=None, free_port=None)
