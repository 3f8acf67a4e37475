"""Start the app the production way and fetch a page and a static file.

PostgreSQL (DATABASE_URL, default: a throwaway database on the local server),
production settings, collectstatic + whitenoise, gunicorn with 2 workers, the
database task worker. Exits non-zero if anything is off. Used by `.ci/run`.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PORT = os.environ.get("SMOKE_PORT", "8765")
DB_NAME = "impact_smoke"


def run(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def fetch(path: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}",
        headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 — loopback only
        return response.status, response.read(), dict(response.headers)


def main() -> int:
    base_url = os.environ.get("SMOKE_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=False
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DATABASE_URL": f"{base_url}/{DB_NAME}",
        "SECRET_KEY": "smoke-test-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
    }
    run("migrate", "--noinput", "-v0", env=env)
    run("collectstatic", "--noinput", "-v0", env=env)
    run("load_demo", env=env)
    gunicorn = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "lms.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen([PY, "manage.py", "db_worker", "--batch"], cwd=ROOT, env=env)
    try:
        for _attempt in range(50):
            try:
                fetch("/healthz/")
                break
            except OSError:
                time.sleep(0.2)
        status, body, _headers = fetch("/")
        assert status == 200, status
        assert b'<html lang="it"' in body, body[:200]
        status, body, _headers = fetch("/ar/")
        assert status == 200 and b'dir="rtl"' in body
        css = next(part for part in body.decode().split('"') if part.endswith(".css"))
        assert ".css" in css and "/static/" in css, css
        status, css_body, headers = fetch(css)
        assert status == 200 and b"--brand" in css_body
        assert "max-age" in headers.get("Cache-Control", ""), headers
        print(
            f"smoke: gunicorn served / and /ar/ (200) and {css} ({len(css_body)} bytes) "
            "from PostgreSQL with production settings"
        )
        assert worker.wait(timeout=60) == 0, "db_worker --batch failed"
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=20)
        if worker.poll() is None:
            worker.kill()
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=False
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
