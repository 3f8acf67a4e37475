"""Page serving with Debian's ``wrk`` (compiled, so the load generator hardly takes the
server's cores) and ``bench/wrk.lua`` (session cookies rotated over the requests, any
status but the expected one counted as an error). Reports wrk's own CPU beside the
figures, so that a reader sees what the generator took from the two cores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk.lua")
MARK = "@@WRK@@"


def ensure_wrk() -> str:
    """The path of ``wrk``; installed from Debian (as .ci/run installs chromium) if absent."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "-n", "apt-get"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*apt, "update", "-qq"], check=False, env=env)
    subprocess.run([*apt, "install", "-y", "-qq", "wrk"], check=True, env=env)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and could not be installed (apt-get install wrk)")
    return found


def run(
    port: int,
    path: str,
    cookies: list[dict[str, str]] | None,
    *,
    connections: int,
    seconds: float,
    threads: int = 2,
    expect: int = 200,
    timeout_s: int = 10,
) -> dict:
    """One wrk run against ``path``; req/s counts only answers with status ``expect``."""
    headers = ["; ".join(f"{k}={v}" for k, v in jar.items()) for jar in (cookies or []) if jar]
    command = [
        ensure_wrk(),
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(SCRIPT),
        f"http://127.0.0.1:{port}",
        "--",
        path,
        str(expect),
        *headers,
    ]
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    wall = time.perf_counter() - started
    # communicate() reaped wrk: the children's CPU times grew by exactly its CPU.
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    if process.returncode != 0 or MARK not in out:
        raise RuntimeError(f"wrk failed ({process.returncode}): {out[-1000:]} {err[-1000:]}")
    data = json.loads(out.rsplit(MARK, 1)[1].strip().splitlines()[0])
    duration = data["duration_us"] / 1e6
    errors = data["connect"] + data["read"] + data["write"] + data["timeout"] + data["unexpected"]
    ok = max(0, data["requests"] - data["unexpected"])
    return {
        "requests": data["requests"],
        "ok": ok,
        "errors": errors,
        "seconds": round(duration, 2),
        "rps": round(ok / duration, 1) if duration else None,
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
        "wall_s": round(wall, 2),
        "generator_cpu_s": round(cpu, 2),
        # Share of one core wrk kept busy (of the machine's os.cpu_count()).
        "generator_cores": round(cpu / wall, 3) if wall else None,
    }
