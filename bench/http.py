"""A small asyncio HTTP/1.1 load generator for loopback measurements.

Each virtual user has its own keep-alive connection and its own session cookie and
sends its next request as soon as the previous answer is read (a closed loop, no
think time), so requests per second is what the server sustains at that concurrency
and every latency is measured from the first byte sent to the last byte read.
Only what the harness needs: GET and form POST, Content-Length or chunked bodies.
"""

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


def summarise(latencies: list[float], errors: int, seconds: float) -> dict:
    return {
        "requests": len(latencies) + errors,
        "ok": len(latencies),
        "errors": errors,
        "seconds": round(seconds, 2),
        "rps": round(len(latencies) / seconds, 1) if seconds else None,
        "p50_ms": _ms(percentile(latencies, 0.50)),
        "p95_ms": _ms(percentile(latencies, 0.95)),
    }


def _ms(value):
    return None if value is None else round(value * 1000, 1)


async def closed_loop(
    host: str,
    port: int,
    paths: list[str],
    cookie_sets: list[dict[str, str]],
    users: int,
    seconds: float,
    warmup: float = 0.5,
    expect: int = 200,
    max_requests: int | None = None,
) -> dict:
    """``users`` virtual users, each with its own connection and cookies, request
    ``paths`` in turn for ``seconds`` (after ``warmup`` seconds not counted)."""
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    measure_from = started + warmup
    stop_at = measure_from + seconds
    sent = 0

    async def user(index: int):
        nonlocal errors, sent
        conn = Connection(host, port, cookie_sets[index % len(cookie_sets)])
        step = index
        try:
            while time.perf_counter() < stop_at:
                if max_requests is not None:
                    if sent >= max_requests:
                        break
                    sent += 1
                path = paths[step % len(paths)]
                step += 1
                began = time.perf_counter()
                try:
                    reply = await conn.request("GET", path)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    await conn.close()
                    if began >= measure_from or max_requests is not None:
                        errors += 1
                    continue
                statuses[reply.status] = statuses.get(reply.status, 0) + 1
                if began < measure_from and max_requests is None:
                    continue
                if reply.status == expect:
                    latencies.append(reply.seconds)
                else:
                    errors += 1
        finally:
            await conn.close()

    await asyncio.gather(*(user(i) for i in range(users)))
    elapsed = time.perf_counter() - (started if max_requests is not None else measure_from)
    result = summarise(latencies, errors, elapsed)
    result["statuses"] = {str(k): v for k, v in sorted(statuses.items())}
    return result
