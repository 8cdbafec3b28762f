"""The benchmark's client: `interleaved` sends the same request to several servers in turn."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks.load import Prepared, interleaved

ORDER: list[str] = []


def _server(name: str, duration: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            ORDER.append(name)
            self.send_response(200)
            self.send_header("Server-Timing", f'app;dur={duration}, db;dur=1, cpu;dur=2, queries;desc="3"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            """Quiet: the test reads the order of the requests, not the server's log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_each_request_goes_to_every_server_in_turn_and_each_keeps_its_own_figures():
    ORDER.clear()
    fast, slow = _server("fast", 5.0), _server("slow", 9.0)
    try:
        ports = {"fast": fast.server_address[1], "slow": slow.server_address[1]}
        request = Prepared("GET", "/", {"Host": "127.0.0.1"}, b"")
        measured = interleaved(ports, request, count=4, warmup=2)
    finally:
        fast.shutdown()
        slow.shutdown()
    assert ORDER == ["fast", "slow"] * 6
    assert measured["fast"]["requests"] == measured["slow"]["requests"] == 4
    assert (measured["fast"]["server_median_ms"], measured["slow"]["server_median_ms"]) == (5.0, 9.0)
    assert measured["slow"]["queries"] == 3 and measured["slow"]["statuses"] == {200: 4}
