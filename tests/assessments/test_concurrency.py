"""Concurrent requests on PostgreSQL: one open attempt, one graded attempt."""

import threading

import pytest
from django.db import connection, connections

from assessments.models import Attempt
from assessments.services import attempt_start, attempt_submit
from tests.assessments.helpers import on_attempt_graded, right_answer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one writer at a time, so requests cannot race; "
        "run with DATABASE_URL=postgres://… to test the constraints under concurrency",
    ),
]

THREADS = 6


def _race(target):
    """Run ``target`` in THREADS threads released at the same moment; return results."""
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_concurrent_starts_give_one_open_attempt(quiz, trainee):
    attempts = _race(lambda: attempt_start(quiz=quiz, user=trainee))
    assert len({attempt.pk for attempt in attempts}) == 1
    assert Attempt.objects.filter(quiz=quiz, user=trainee).count() == 1


def test_concurrent_submits_grade_once(quiz, trainee, monkeypatch):
    calls = []
    lock = threading.Lock()

    def record(attempt):
        with lock:
            calls.append(attempt.pk)

    attempt = attempt_start(quiz=quiz, user=trainee)
    answers = {r.position: right_answer(r) for r in attempt.responses.select_related("version")}
    answers[7] = None
    on_attempt_graded(monkeypatch, record)
    results = _race(lambda: attempt_submit(attempt=attempt, answers=answers))
    assert {result.state for result in results} == {Attempt.State.GRADED}
    assert {result.score for result in results} == {6}
    assert calls == [attempt.pk]


def test_the_database_refuses_a_second_open_attempt(quiz, trainee):
    from django.db import IntegrityError
    from django.utils import timezone

    Attempt.objects.create(quiz=quiz, user=trainee, number=1, started_at=timezone.now())
    with pytest.raises(IntegrityError):
        Attempt.objects.create(quiz=quiz, user=trainee, number=2, started_at=timezone.now())
