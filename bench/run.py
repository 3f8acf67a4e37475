"""`make bench` / `make bench-smoke`: speed, scale and integrity against baselines.

    python -m bench.run --mode full    # sizes S and L, full counts (make bench)
    python -m bench.run --mode smoke   # size S, small counts, < 2 minutes (make bench-smoke)

Self-contained: (re)creates its PostgreSQL databases, migrates, generates the data,
starts gunicorn with production settings, measures, stops everything, and writes
bench/results/<name>.json and .md. It fails only if the harness itself breaks, never
because of a figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from . import fresh, loadgen, report
from .http import Connection
from .storm import Ack, reconcile, storm

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
# BENCH_DB_PREFIX=impact_bench_mine keeps parallel runs (worktrees) off each other's data.
DB = os.environ.get("BENCH_DB_PREFIX", "impact_bench")

MODES = {
    "full": {
        "sizes": {"S": f"{DB}_s", "L": f"{DB}_l"},
        "serve_size": "L",
        "users": [20],  # wrk connections (-c)
        "rounds": 5,  # interleaved rounds over every page; figures are medians
        "seconds": 5.0,
        "storm": 200,
        "mixed_requests": 1000,
        "certificates": 500,
        "import_mb": 20,
    },
    "smoke": {
        "sizes": {"S": f"{DB}_s"},
        "serve_size": "S",
        "users": [10],
        "rounds": 1,
        "seconds": 2.0,
        "storm": 20,
        "demo": "light",
        "mixed_requests": 200,
        "certificates": 10,
        "import_mb": 1,
    },
}


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


class Harness:
    def __init__(self, mode: str, reuse: bool, port: int, name: str):
        self.mode = mode
        self.cfg = MODES[mode]
        self.reuse = reuse
        self.port = port
        self.name = name
        self.tmp = Path(tempfile.mkdtemp(prefix="impact-bench-"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": "bench-" + secrets.token_hex(24),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "BENCH_BASELINES": "1",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "CREDENTIAL_KEY_PATH": str(self.tmp / "credential-key.pem"),
            "SITE_URL": "https://localhost",
            "CONN_MAX_AGE": "60",
            "PYTHONUNBUFFERED": "1",
        }
        if _redis_ok():
            self.env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
        self.timings: dict[str, float] = {}

    # --- subprocess helpers -------------------------------------------------
    def db_env(self, db: str) -> dict:
        return {**self.env, "DATABASE_URL": f"{PG}/{db}"}

    def manage(self, db: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.db_env(db),
            check=True,
            capture_output=True,
            text=True,
        )

    def djtool(self, db: str, *args: str) -> dict:
        done = subprocess.run(
            [PY, "-m", "bench.djtool", *args],
            cwd=ROOT,
            env=self.db_env(db),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or "@@JSON@@" not in done.stdout:
            raise RuntimeError(
                f"bench.djtool {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
            )
        return json.loads(done.stdout.rsplit("@@JSON@@", 1)[1])

    def timed(self, label: str, func, *args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            self.timings[label] = round(time.perf_counter() - started, 1)
            log(f"{label}: {self.timings[label]} s")

    # --- data ---------------------------------------------------------------
    def prepare(self, size: str, db: str) -> dict:
        if self.reuse and _db_has_bench_data(db):
            log(f"reusing {db} (size {size})")
            return {"size": size, "reused": True}
        _recreate_db(db)
        self.manage(db, "migrate", "--noinput", "-v0")
        light = ["--light-demo"] if self.cfg.get("demo") == "light" else []
        done = self.manage(db, "generate_load_data", "--size", size, *light)
        line = next(
            (ln for ln in done.stdout.splitlines() if ln.startswith("Load data ready:")), ""
        )
        log(line or f"{db}: data generated")
        return {"size": size, "summary": line.removeprefix("Load data ready: ")}

    # --- server -------------------------------------------------------------
    def start_server(self, db: str) -> subprocess.Popen:
        return _gunicorn("lms.wsgi:application", ROOT, self.db_env(db), self.port, "/healthz/")

    def start_fresh(self) -> tuple[subprocess.Popen, dict]:
        """The fresh ``wagtail start`` site on the next port, on its own database."""
        db = f"{DB}_fresh"
        _recreate_db(db)
        site = fresh.create(self.tmp / "fresh", self.db_env(db))
        server = _gunicorn(site["wsgi"], site["cwd"], site["env"], self.port + 1, site["path"])
        return server, site

    @staticmethod
    def stop_server(server: subprocess.Popen) -> None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    # --- the run ------------------------------------------------------------
    def run(self) -> dict:
        cfg = self.cfg
        load_at_start = [round(x, 2) for x in os.getloadavg()]
        started = time.perf_counter()
        results: dict = {
            "mode": self.mode,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "config": {k: v for k, v in cfg.items() if k != "sizes"},
        }
        data = {}
        for size, db in cfg["sizes"].items():
            data[size] = self.timed(f"data {size}", self.prepare, size, db)
        results["data"] = data
        serve_db = cfg["sizes"][cfg["serve_size"]]
        if _static_stale():
            self.timed("collectstatic", self.manage, serve_db, "collectstatic", "--noinput", "-v0")
        machine = self.djtool(serve_db, "info")
        machine["load_average_at_start"] = load_at_start
        results["machine"] = machine

        # b) queries per page at each size
        queries = {}
        for size, db in cfg["sizes"].items():
            queries[size] = self.timed(f"queries {size}", self.djtool, db, "queries")
        results["queries"] = report.queries_table_data(queries)

        paths = self.djtool(serve_db, "paths")
        most_users = max(cfg["users"])
        sessions = self.djtool(
            serve_db, "sessions", "--trainees", str(most_users), "--trainers", str(most_users)
        )
        storm_sessions = self.djtool(
            serve_db, "sessions", "--trainees", str(cfg["storm"]), "--first", str(most_users + 1)
        )
        if len(storm_sessions["trainees"]) < cfg["storm"]:  # size S: reuse the first ones
            storm_sessions = self.djtool(serve_db, "sessions", "--trainees", str(cfg["storm"]))
        cookies = {
            "anonymous": [{}],
            "trainee": [t["cookies"] for t in sessions["trainees"]],
            "trainer": [t["cookies"] for t in sessions["trainers"]],
        }

        loadgen.ensure_wrk()
        fresh_server, _site = self.timed("fresh wagtail site", self.start_fresh)
        try:
            server = self.timed("server start", self.start_server, serve_db)
            try:
                # e) worker memory after 1,000 mixed requests on a fresh server
                results["memory"] = self.timed("memory", self.memory, server, paths, cookies)
                # a) page serving, interleaved with the fresh Wagtail site's welcome page
                results["serving"] = self.timed("serving", self.serving, paths, cookies)
                results["memory"]["after_all_serving_mb"] = _worker_rss(server.pid)
                # c) quiz storm
                results["storm"] = self.timed(
                    "storm", self.quiz_storm, serve_db, paths, storm_sessions["trainees"]
                )
            finally:
                self.stop_server(server)
        finally:
            self.stop_server(fresh_server)
        # d) certificates, with the server stopped so they have the cores
        results["certificates"] = self.timed(
            "certificates",
            self.djtool,
            serve_db,
            "certs",
            "--count",
            str(cfg["certificates"]),
            "--workers",
            "2",
        )
        # e) a large GIFT import (20 MB, about 22,000 questions), on the idle server's database
        results["imports"] = self.timed(
            "imports", self.djtool, serve_db, "imports", "--megabytes", str(cfg["import_mb"])
        )
        results["timings_s"] = self.timings
        results["total_s"] = round(time.perf_counter() - started, 1)
        results["targets"] = report.targets(results)
        return results

    def memory(self, server, paths, cookies) -> dict:
        pages = paths["pages"]
        warm = [pages[name][1] for name in pages]
        # One warm-up pass per page and kind of user, then the mixed run.
        mixed_paths = [path for _name, (_who, path) in pages.items()]
        by_path_cookies = [cookies[who][0] for _name, (who, _path) in pages.items()]
        for path, jar in zip(warm, by_path_cookies, strict=True):
            asyncio.run(_get(self.port, path, jar))
        before = _worker_rss(server.pid)
        total = self.cfg["mixed_requests"]
        per_kind = []
        for _name, (who, path) in pages.items():
            per_kind.append((path, cookies[who]))
        result = asyncio.run(_mixed(self.port, per_kind, total, users=20))
        after = _worker_rss(server.pid)
        return {
            "requests": result["requests"],
            "errors": result["errors"],
            "workers_rss_mb_before": before,
            "workers_rss_mb_after": after,
            "max_worker_rss_mb_after": max(after) if after else None,
            "mixed_paths": mixed_paths,
        }

    def serving(self, paths, cookies) -> list[dict]:
        """Every page (and the fresh site's welcome page) with wrk, ``rounds`` times in
        turn, so that a change in the machine's load touches every row alike; each
        row gives the median of its rounds and the ratio of its median to the fresh
        Wagtail page's."""
        targets = [(report.FRESH, self.port + 1, "/", [{}])]
        for name, (who, path) in paths["pages"].items():
            targets.append((name, self.port, path, cookies[who]))
        rows = []
        for users in self.cfg["users"]:
            for _port_target in targets:  # warm-up: first-use caches, connections
                loadgen.run(
                    _port_target[1], _port_target[2], _port_target[3], connections=2, seconds=1
                )
            runs: dict[str, list[dict]] = {name: [] for name, *_rest in targets}
            for round_number in range(self.cfg["rounds"]):
                for name, port, path, jars in targets:
                    result = loadgen.run(
                        port, path, jars, connections=users, seconds=self.cfg["seconds"]
                    )
                    runs[name].append(result)
                    log(
                        f"  round {round_number + 1} {name:<34} {users:>3} conns: "
                        f"{result['rps']} req/s, p50 {result['p50_ms']} ms, "
                        f"errors {result['errors']}, wrk CPU {result['generator_cores']} core"
                    )
            for name, port, path, _jars in targets:
                rows.append(
                    {
                        **report.median_row(runs[name]),
                        "page": name,
                        "users": users,
                        "path": path,
                        "port": port,
                        "rounds": runs[name],
                    }
                )
        return rows

    def quiz_storm(self, db, paths, trainees) -> dict:
        after = self.djtool(db, "max-attempt")["max_attempt_id"]
        outcome = asyncio.run(storm("127.0.0.1", self.port, paths["storm_quiz"], trainees))
        acks: list[Ack] = outcome.pop("acks")
        acked = ",".join(str(ack.attempt_id) for ack in acks if ack.attempt_id is not None)
        rows = self.djtool(
            db,
            "storm-rows",
            "--after",
            str(after),
            "--quiz",
            str(paths["storm_quiz_id"]),
            "--acked",
            acked,
        )
        outcome["reconciliation"] = reconcile(acks, rows["attempts"], rows["answers"])
        rec = outcome["reconciliation"]
        log(
            f"  storm: {outcome['trainees']} trainees, errors {outcome['errors']}, "
            f"submit p95 {outcome['submit_p95_ms']} ms, lost {rec['lost_attempts']}/"
            f"{rec['lost_answers']}, duplicated {rec['duplicated_attempts']}/"
            f"{rec['duplicated_answers']}"
        )
        return outcome

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


async def _get(port, path, cookies):
    conn = Connection("127.0.0.1", port, cookies)
    try:
        return await conn.request("GET", path)
    finally:
        await conn.close()


async def _mixed(port, per_kind, total, users):
    """``total`` requests spread round-robin over the pages by ``users`` connections."""
    counter = {"sent": 0, "errors": 0, "ok": 0}

    async def user(index):
        conns = [Connection("127.0.0.1", port, jars[index % len(jars)]) for _p, jars in per_kind]
        step = index
        try:
            while counter["sent"] < total:
                counter["sent"] += 1
                k = step % len(per_kind)
                step += 1
                try:
                    reply = await conns[k].request("GET", per_kind[k][0])
                    counter["ok" if reply.status == 200 else "errors"] += 1
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    counter["errors"] += 1
        finally:
            for conn in conns:
                await conn.close()

    await asyncio.gather(*(user(i) for i in range(users)))
    return {"requests": counter["sent"], "errors": counter["errors"]}


def _worker_rss(master_pid: int) -> list[float]:
    """RSS in MB of each gunicorn worker (children of the master)."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        except OSError:
            continue
    return sorted(sizes)


def _gunicorn(wsgi: str, cwd: Path, env: dict, port: int, ready_path: str) -> subprocess.Popen:
    """gunicorn as the issue measures both sites: 2 sync workers, nothing else changed."""
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            wsgi,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{ready_path}", headers={"Host": "localhost"}
            )
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 — loopback
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn for {wsgi} exited ({server.returncode})") from None
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError(f"gunicorn for {wsgi} did not start")
    time.sleep(1.0)  # both workers up
    return server


def _recreate_db(db: str) -> None:
    subprocess.run(
        ["dropdb", "--if-exists", "--force", "-h", PG_HOST, "-U", "postgres", db],
        check=True,
        capture_output=True,
    )
    subprocess.run(["createdb", "-h", PG_HOST, "-U", "postgres", db], check=True)


def _static_stale() -> bool:
    """Whether collectstatic must run: no manifest, or a project static file is newer."""
    manifest = ROOT / "static_collected" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    skip = {".venv", "node_modules", "static_collected", ".git"}
    for static_dir in ROOT.glob("**/static"):
        if skip & set(static_dir.relative_to(ROOT).parts):
            continue
        for path in static_dir.rglob("*"):
            if path.is_file() and path.stat().st_mtime > built:
                return True
    return False


def _redis_ok() -> bool:
    try:
        done = subprocess.run(["redis-cli", "ping"], capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.stdout.strip() == "PONG"


def _db_has_bench_data(db: str) -> bool:
    done = subprocess.run(
        [
            "psql",
            "-h",
            PG_HOST,
            "-U",
            "postgres",
            "-d",
            db,
            "-tAc",
            "SELECT count(*) FROM auth_user WHERE username LIKE 'bench-trainee-%'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and done.stdout.strip() not in ("", "0")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(MODES), default="full")
    parser.add_argument("--reuse", action="store_true", help="keep databases that have data")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8791")))
    parser.add_argument("--name", default=None, help="results file name (default: by mode)")
    args = parser.parse_args(argv)
    name = args.name or ("latest" if args.mode == "full" else "smoke")
    harness = Harness(args.mode, args.reuse, args.port, name)
    log(f"mode {args.mode}: results → bench/results/{name}.json and .md")
    try:
        results = harness.run()
    finally:
        harness.cleanup()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    (RESULTS / f"{name}.md").write_text(report.markdown(results))
    print(report.markdown(results))
    log(f"done in {results['total_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
