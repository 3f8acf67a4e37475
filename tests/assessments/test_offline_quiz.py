"""A practice quiz answered offline (issue 19.1), sent on reconnect.

The phone sends the quiz form as it held it, with a key: the answers are saved and, for
"Check and submit", the attempt submitted through the normal services, once however
often it is sent. A timed or graded quiz takes nothing: it needs a connection, and its
deadline rules stay the server's.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Attempt
from assessments.services import attempt_start
from courses.models import Enrollment, OfflineAction
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import form_data, right_answer

pytestmark = pytest.mark.django_db


def fields_for(attempt):
    pairs = []
    for response in attempt.responses.select_related("version").order_by("position"):
        for name, value in form_data(response, right_answer(response)).items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append([name, item])
    return pairs


def send(client, attempt, *, key="quiz-key-00001", finish=True, fields=None):
    body = {"key": key, "fields": fields_for(attempt) if fields is None else fields}
    body["finish"] = finish
    url = reverse("assessments:offline_answers", kwargs={"pk": attempt.pk})
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def practice(section, bank):
    questions = [bank["capital"], bank["sky"]]
    return make_quiz(section, questions, title="Prova")


def test_what_makes_a_quiz_work_offline(section, bank):
    assert make_quiz(section, [bank["sky"]]).works_offline
    assert not make_quiz(section, [bank["sky"]], time_limit_minutes=10).works_offline
    assert not make_quiz(
        section, [bank["sky"]], closes_at=timezone.now() + timedelta(days=1)
    ).works_offline
    assert not make_quiz(section, [bank["sky"]], max_attempts=1).works_offline


def test_offline_answers_are_submitted_once(client, trainee, enrolled, practice):
    attempt = attempt_start(quiz=practice, user=trainee)
    client.force_login(trainee)
    for replayed in (False, True, True):
        data = send(client, attempt).json()
        assert (data["status"], data["replayed"]) == ("done", replayed)
        assert data["message"] == "Your answers to “Prova” are saved."
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert attempt.score == attempt.max_score > 0
    assert Attempt.objects.filter(user=trainee, quiz=practice).count() == 1
    assert OfflineAction.objects.filter(user=trainee, kind="quiz").count() == 1


def test_answers_without_finish_are_saved_not_submitted(client, trainee, enrolled, practice):
    attempt = attempt_start(quiz=practice, user=trainee)
    client.force_login(trainee)
    assert send(client, attempt, finish=False).json()["status"] == "done"
    attempt.refresh_from_db()
    assert attempt.is_open
    assert all(r.answer is not None for r in attempt.responses.all())


def test_a_timed_quiz_takes_no_offline_answers(client, trainee, enrolled, section, bank):
    """Its answers need the server's clock: nothing saved, a clear outcome."""
    timed = make_quiz(section, [bank["sky"]], title="A tempo", time_limit_minutes=10)
    attempt = attempt_start(quiz=timed, user=trainee)
    client.force_login(trainee)
    data = send(client, attempt).json()
    assert data["status"] == "needs_connection"
    assert data["message"] == "Not saved: “A tempo” needs a connection while you answer it."
    attempt.refresh_from_db()
    assert attempt.is_open and all(r.answer is None for r in attempt.responses.all())


def test_an_attempt_already_submitted(client, trainee, enrolled, practice):
    from assessments.services import attempt_submit

    attempt = attempt_submit(attempt=attempt_start(quiz=practice, user=trainee))
    client.force_login(trainee)
    assert send(client, attempt).json()["status"] == "closed"


def test_no_longer_enrolled(client, trainee, enrolled, practice):
    attempt = attempt_start(quiz=practice, user=trainee)
    Enrollment.objects.filter(user=trainee).delete()
    client.force_login(trainee)
    data = send(client, attempt).json()
    assert data["status"] == "not_enrolled"
    attempt.refresh_from_db()
    assert attempt.is_open


def test_only_the_attempt_owner(client, trainee, other_trainee, enrolled, practice):
    attempt = attempt_start(quiz=practice, user=trainee)
    assert send(client, attempt).status_code == 401
    client.force_login(other_trainee)
    assert send(client, attempt).status_code == 404


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"key": "short", "fields": []}, "“key” must be 8 to 64 letters, digits, - or _."),
        (
            {"key": "quiz-key-00001", "fields": [["a"]]},
            "“fields” must be a list of [name, value] pairs of text.",
        ),
        (
            {"key": "quiz-key-00001", "fields": {"a": "b"}},
            "“fields” must be a list of [name, value] pairs of text.",
        ),
    ],
)
def test_a_bad_payload(client, trainee, enrolled, practice, body, error):
    attempt = attempt_start(quiz=practice, user=trainee)
    client.force_login(trainee)
    url = reverse("assessments:offline_answers", kwargs={"pk": attempt.pk})
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": error}
    assert not OfflineAction.objects.exists()


def test_the_quiz_page_says_which_quizzes_need_a_connection(
    client, trainee, enrolled, section, bank
):
    client.force_login(trainee)
    timed = make_quiz(section, [bank["sky"]], title="A tempo", time_limit_minutes=10)
    practice = make_quiz(section, [bank["sky"]], title="Pratica")
    with translation.override("en"):
        assert "This quiz needs a connection" in client.get("/en" + timed.url).text
        assert "you can answer it offline" in client.get("/en" + practice.url).text


def test_a_practice_quiz_saved_for_offline_carries_its_recorded_explanations(
    client, trainee, enrolled, course, section, bank
):
    """Saving the course keeps the recordings of a practice quiz's questions, so an
    attempt answered offline still plays them; a timed quiz's are not kept (it needs a
    connection anyway)."""
    from tests.lms.test_audio_explanations import recording

    sky, capital = bank["sky"], bank["capital"]
    sky.audio_explanation, sky.audio_transcript = recording("cielo.wav", 1.0), "Il cielo."
    sky.save()
    capital.audio_explanation = recording("capitale.wav", 1.0)
    capital.audio_transcript = "La capitale."
    capital.save()
    make_quiz(section, [sky], title="Prova")
    make_quiz(section, [capital], title="A tempo", time_limit_minutes=10)
    client.force_login(trainee)
    url = reverse("courses:offline_course", kwargs={"pk": course.pk})
    data = client.get(url).json()
    audio = [(item["url"], item["bytes"]) for item in data["items"] if item["kind"] == "audio"]
    assert audio == [(sky.audio_explanation.url, sky.audio_explanation.file.size)]
    assert audio[0][1] > 0
