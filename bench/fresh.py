"""The outside baseline: a fresh ``wagtail start`` project, created in a temporary
directory from the project's own virtualenv (same Python, Django and Wagtail), with
its own production settings (``DEBUG = False``, ManifestStaticFilesStorage), its own
PostgreSQL database, and served by the same gunicorn command as the project. Its
welcome page is what "as fast as a bare Wagtail site" is measured against.

Only what the benchmark needs is added to the generated settings: the secret key,
the allowed hosts and the database (``settings/local.py``, which the generated
settings import last, as ``wagtail start`` intends).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NAME = "freshsite"
LOCAL_SETTINGS = """\
import os

import dj_database_url

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
DATABASES = {
    "default": dj_database_url.config(conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
}
"""


def create(directory: Path, env: dict) -> dict:
    """Generate, migrate and collect static files; return how to serve it."""
    directory.mkdir(parents=True, exist_ok=True)
    wagtail = Path(sys.executable).parent / "wagtail"
    # Without the project's settings: startproject would load them.
    bare = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    _run([str(wagtail), "start", NAME, str(directory)], cwd=directory, env=bare)
    (directory / NAME / "settings" / "local.py").write_text(LOCAL_SETTINGS)
    env = {**env, "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production"}
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        _run([sys.executable, "manage.py", *args], cwd=directory, env=env)
    return {"cwd": directory, "env": env, "wsgi": f"{NAME}.wsgi:application", "path": "/"}


def _run(command: list[str], **kwargs) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
        )
