"""A small asyncio HTTP/1.1 client for the flows wrk cannot script: the quiz storm
(each trainee's own session, CSRF token, start, attempt page, submit) and the mixed
requests of the memory measurement. Page serving itself is measured with wrk
(``bench/loadgen.py``). Only what the harness needs: GET and form POST,
Content-Length or chunked bodies, a reconnection when the server closes."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST_HEADER = "localhost"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    cookies: dict[str, str] = field(default_factory=dict)


class Connection:
    """One keep-alive connection to the server, reopened when the server closes it."""

    def __init__(self, host: str, port: int, cookies: dict[str, str] | None = None):
        self.host, self.port = host, port
        self.cookies = dict(cookies or {})
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
            self.writer = self.reader = None

    def _head(self, method: str, path: str, extra: dict[str, str]) -> bytes:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {HOST_HEADER}",
            "X-Forwarded-Proto: https",  # production settings sit behind a TLS proxy
            "Connection: keep-alive",
            "Accept: text/html",
            "Accept-Language: it",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines += [f"{k}: {v}" for k, v in extra.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def request(
        self, method: str, path: str, form: dict | list | None = None, referer: str = ""
    ) -> Reply:
        body = b""
        extra = {}
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            extra["Content-Type"] = "application/x-www-form-urlencoded"
            extra["Content-Length"] = str(len(body))
            extra["Referer"] = referer or f"https://{HOST_HEADER}{path}"
            extra["Origin"] = f"https://{HOST_HEADER}"
        for retry in (False, True):
            if self.writer is None:
                await self._open()
            started = time.perf_counter()
            try:
                self.writer.write(self._head(method, path, extra) + body)
                await self.writer.drain()
                reply = await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                # Keep-alive closed by the server between requests: reconnect once.
                await self.close()
                if retry:
                    raise
                continue
            reply.seconds = time.perf_counter() - started
            if reply.headers.get("connection", "").lower() == "close":
                await self.close()
            self.cookies.update(reply.cookies)
            return reply
        raise ConnectionError("unreachable")

    async def _read(self) -> Reply:
        status_line = await self.reader.readuntil(b"\r\n")
        if not status_line.strip():
            raise ConnectionError("empty reply")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        while True:
            line = (await self.reader.readuntil(b"\r\n")).decode("latin-1")
            if line == "\r\n":
                break
            name, _sep, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _eq, val = pair.partition("=")
                cookies[key.strip()] = val.strip()
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            body = b"".join(chunks)
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body = await self.reader.read()
            await self.close()
        return Reply(status, headers, body, 0.0, cookies)


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``fraction`` in 0..1) of ``values``; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def _ms(value):
    return None if value is None else round(value * 1000, 1)
