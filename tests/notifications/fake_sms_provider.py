"""A local fake of a Twilio-style SMS provider: an ``http.server`` in a thread."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakeProvider:
    """Answers ``POST /Messages.json``; ``mode`` chooses how: ``ok``, ``refuse`` (HTTP
    400 with a message), ``error`` (HTTP 500), ``slow`` (answers after ``delay`` s),
    ``garbage`` (not JSON)."""

    def __init__(self, *, account="AC123", token="secret"):  # noqa: S107 - a fake provider's test token
        self.account, self.token = account, token
        self.mode = "ok"
        self.delay = 2.0
        self.received: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                expected = (
                    "Basic "
                    + base64.b64encode(f"{provider.account}:{provider.token}".encode()).decode()
                )
                if self.headers.get("Authorization") != expected:
                    return self._answer(401, {"message": "Authenticate"})
                provider.received.append({"path": self.path, **form})
                if provider.mode == "slow":
                    time.sleep(provider.delay)
                if provider.mode == "refuse":
                    return self._answer(
                        400, {"code": 21211, "message": "Invalid 'To' Phone Number"}
                    )
                if provider.mode == "error":
                    return self._answer(500, {"message": "Internal error"})
                if provider.mode == "garbage":
                    return self._raw(200, b"<html>oops</html>")
                sid = f"SM{len(provider.received):032d}"
                return self._answer(201, {"sid": sid, "status": "queued", "to": form.get("To")})

            def _answer(self, status, payload):
                self._raw(status, json.dumps(payload).encode(), "application/json")

            def _raw(self, status, body, content_type="text/html"):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/2010-04-01/Accounts/{self.account}/Messages.json"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
