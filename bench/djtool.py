"""The harness' Django-side steps, each run as ``python -m bench.djtool STEP`` in a
subprocess with the database of one size, printing one JSON document on stdout."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
    import django

    django.setup()


def _page_paths() -> dict:
    """The paths the benchmark requests, and the ids behind them."""
    from django.urls import reverse
    from wagtail.models import Site

    from assessments.models import QuizPage
    from bench import load_data
    from content.models import StandardPage
    from courses.models import CatalogPage, Cohort, CoursePage, LessonPage, ModulePage

    catalog = CatalogPage.objects.order_by("pk").first()
    course = CoursePage.objects.get(slug=f"{load_data.PREFIX}course-01")
    module = ModulePage.objects.child_of(course).order_by("path").first()
    lesson = LessonPage.objects.child_of(module).order_by("path").first()
    practice = QuizPage.objects.child_of(module).get(slug=load_data.PRACTICE_QUIZ_SLUG)
    storm = QuizPage.objects.descendant_of(course).get(slug=load_data.STORM_QUIZ_SLUG)
    cohort = Cohort.objects.get(name="Bench 0001")
    minimal = StandardPage.objects.get(slug=load_data.MINIMAL_SLUG)
    home = Site.objects.get(is_default_site=True).root_page
    return {
        "pages": {
            "constant (baseline)": ["anonymous", "/bench/constant/"],
            "minimal Wagtail page (baseline)": ["trainee", minimal.get_url()],
            "home (anonymous)": ["anonymous", home.get_url()],
            "catalogue": ["trainee", catalog.get_url()],
            "lesson": ["trainee", lesson.get_url()],
            "dashboard": ["trainee", reverse("courses:dashboard")],
            "quiz page": ["trainee", practice.get_url()],
            "cohort progress": [
                "trainer",
                reverse("courses:cohort_course_progress", args=[cohort.pk, course.pk]),
            ],
            "heat map": [
                "trainer",
                reverse("assessments:competencies:heatmap") + f"?cohort={cohort.pk}",
            ],
        },
        "storm_quiz": storm.get_url(),
        "storm_quiz_id": storm.pk,
    }


def step_paths(args) -> dict:
    return _page_paths()


def step_sessions(args) -> dict:
    """Signed-in sessions (one per virtual user) for trainees and the bench trainer,
    stored in the session table as a login would store them."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from bench import load_data

    User = get_user_model()

    def session(user) -> dict:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return {"user_id": user.pk, "cookies": {settings.SESSION_COOKIE_NAME: store.session_key}}

    first = args.first
    names = [load_data.trainee_email(i) for i in range(first, first + args.trainees)]
    trainees = User.objects.filter(username__in=names).order_by("username")
    trainer = User.objects.get(username=load_data.TRAINER)
    return {
        "trainees": [session(u) for u in trainees],
        "trainers": [session(trainer) for _ in range(args.trainers)],
    }


def step_queries(args) -> dict:
    """Queries per page for one request (after a warm-up request), via the test client."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import load_data

    User = get_user_model()
    people = {
        "trainee": User.objects.get(username=load_data.trainee_email(1)),
        "trainer": User.objects.get(username=load_data.TRAINER),
    }
    result = {}
    for name, (who, path) in _page_paths()["pages"].items():
        client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
        if who != "anonymous":
            client.force_login(people[who])
        client.get(path, secure=True)  # warm-up: first-use caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        result[name] = {"status": response.status_code, "queries": len(queries)}
        if args.verbose:
            for query in queries.captured_queries:
                print(name, query["sql"][-300:], file=sys.stderr)
    return result


def step_max_attempt(args) -> dict:
    from assessments.models import Attempt

    last = Attempt.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"max_attempt_id": last or 0}


def step_storm_rows(args) -> dict:
    """Attempts on the storm quiz created after ``--after`` or acknowledged (``--acked``),
    and their non-empty answers."""
    from django.db.models import Q

    from assessments.answer_tokens import KeyMask
    from assessments.models import Attempt, Response

    # Attempts created during the storm, and those the server acknowledged (with
    # --reuse a trainee may get back an attempt a previous run left open).
    acked = [int(pk) for pk in args.acked.split(",") if pk]
    attempts = Attempt.objects.filter(Q(pk__gt=args.after) | Q(pk__in=acked), quiz_id=args.quiz)
    rows = [
        {"id": a.pk, "user_id": a.user_id, "submitted": a.submitted_at is not None}
        for a in attempts
    ]
    # The storm sends what the form shows: each choice's opaque per-attempt token
    # (assessments.answer_tokens), which the server maps back to the stored key. The
    # stored keys are turned into the tokens the form showed, under the same secret.
    answers = []
    for r in Response.objects.filter(attempt__in=attempts, answer__isnull=False).values(
        "attempt_id", "attempt__started_at", "position", "answer"
    ):
        answer = r["answer"]
        if isinstance(answer, str):
            mask = KeyMask(r["attempt_id"], r["attempt__started_at"], r["position"])
            answer = mask.token("option", answer)
        answers.append({"attempt_id": r["attempt_id"], "position": r["position"], "answer": answer})
    return {"attempts": rows, "answers": answers}


def step_certs(args) -> dict:
    """Bulk issuing (``bench.issuing.run``) beside WeasyPrint alone on the same HTML."""
    from bench import issuing

    result = dict(issuing.run(args.count, args.workers))
    result["source"] = "bench.issuing.run"
    return result


def step_imports(args) -> dict:
    """A large GIFT import (``bench.imports.run``): time, peak memory, refusal, re-import."""
    from bench import imports

    return imports.run(args.megabytes)


def step_info(args) -> dict:
    import django
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        db_version = cursor.fetchone()[0]
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": str(db_version).split(" on ")[0],
        "platform": platform.platform(),
    }


STEPS = {
    "paths": step_paths,
    "sessions": step_sessions,
    "queries": step_queries,
    "max-attempt": step_max_attempt,
    "storm-rows": step_storm_rows,
    "certs": step_certs,
    "imports": step_imports,
    "info": step_info,
}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--trainees", type=int, default=0)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--trainers", type=int, default=0)
    parser.add_argument("--after", type=int, default=0)
    parser.add_argument("--quiz", type=int, default=0)
    parser.add_argument("--acked", default="", help="attempt ids, comma-separated")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    _setup()
    result = STEPS[args.step](args)
    sys.stdout.write("\n@@JSON@@" + json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main()
