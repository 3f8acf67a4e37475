"""The trainee's side in the browser's terms: HTML, redirects, 404s and messages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.answer_tokens import mask_for
from assessments.models import Attempt, QuizPage
from assessments.services import attempt_start, attempt_submit
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import form_data, it, merge, right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Here, as on the site, URLs without a prefix: Italian pages (see ``it``)."""
    with translation.override("it"):
        yield


SECRETS = [
    "FEEDBACK-ROMA-RIGHT",
    "FEEDBACK-MILANO-WRONG",
    "FEEDBACK-BARI",
    "FEEDBACK-TORINO",
    "FEEDBACK-TF-WRONG",
    "FEEDBACK-TF-RIGHT",
    "SECRET-ACCEPTED-puglia",
    "SECRET-HALF-italia",
    "FEEDBACK-SHORT",
    "1946",
    "fraction",
]


def _start(client, quiz):
    response = client.post(quiz.url)
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz, state="in_progress")


def _attempt_url(attempt, name="assessments:attempt"):
    return reverse(name, args=[attempt.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, quiz):
    response = client.get(quiz.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_trainee_not_enrolled_is_sent_to_the_course(trainee_client, quiz, course):
    response = trainee_client.get(quiz.url, follow=True)
    assert response.redirect_chain[-1][0] == course.url
    assert it("Enrol in the course to take its quizzes.") in response.content.decode()


def test_the_quiz_page_shows_the_rules_and_a_start_button(trainee_client, quiz, enrolled):
    quiz.time_limit_minutes = 20
    quiz.max_attempts = 2
    quiz.save()
    html = trainee_client.get(quiz.url).content.decode()
    assert it("Time limit (minutes): %(minutes)s", minutes=20) in html
    assert it("Attempts: %(used)s of %(allowed)s", used=0, allowed=2) in html
    # A timed quiz says on its button that the clock starts with the tap.
    start = it(
        "Start: the %(minutes)s minute starts now",
        "Start: the %(minutes)s minutes start now",
        20,
        minutes=20,
    )
    assert start in html
    assert it("%(counter)s question", "%(counter)s questions", 7, counter=7) in html
    assert "quiz__timed-warning" in html
    # The way back: breadcrumb and a link to the course.
    assert f'href="{course_url(quiz)}#module-' in html


def test_the_quiz_pages_count_and_way_back_follow_a_new_revision_at_once(
    trainee_client, quiz, enrolled, bank
):
    """The breadcrumb and the question count are cached per tree version: a slot
    removed, or the module renamed, shows on the next visit."""
    from assessments.models import QuizSlot
    from courses.models import ModulePage

    def html():
        return trainee_client.get(QuizPage.objects.get(pk=quiz.pk).url).content.decode()

    assert it("%(counter)s question", "%(counter)s questions", 7, counter=7) in html()
    page = QuizPage.objects.get(pk=quiz.pk)
    page.slots.remove(page.slots.order_by("sort_order").last())
    page.save_revision().publish()
    assert it("%(counter)s question", "%(counter)s questions", 6, counter=6) in html()
    assert QuizSlot.objects.filter(quiz=quiz).count() == 6
    module = ModulePage.objects.get(pk=quiz.get_parent().pk)
    module.title = "Modulo rinominato"
    module.save_revision().publish()
    assert "Modulo rinominato" in html()


def test_an_untimed_quiz_says_attempts_are_unlimited(trainee_client, quiz, enrolled):
    html = trainee_client.get(quiz.url).content.decode()
    assert it("Attempts: unlimited") in html
    assert it("Start the quiz") in html
    assert "quiz__timed-warning" not in html


def course_url(quiz):
    return quiz.get_parent().get_parent().url


def test_the_attempt_page_never_contains_answers_or_feedback(trainee_client, quiz, enrolled):
    attempt = _start(trainee_client, quiz)
    html = trainee_client.get(_attempt_url(attempt)).content.decode()
    assert "Qual è la capitale d&#x27;Italia?" in html
    for secret in SECRETS:
        assert secret not in html, secret
    # The option values are opaque keys, not positions that would reveal the right one.
    values = re.findall(r'name="q1" id="q1-\d" value="([^"]+)"', html)
    assert len(values) == 3
    assert all(re.fullmatch(r"k[0-9a-f]{16}", value) for value in values)


def test_saving_then_reloading_restores_the_answers(trainee_client, quiz, enrolled):
    attempt = _start(trainee_client, quiz)
    responses = {r.position: r for r in attempt.responses.select_related("version")}
    post = merge(
        *(form_data(r, right_answer(r)) for r in responses.values()),
        {"page": "1", "save": ""},
    )
    response = trainee_client.post(_attempt_url(attempt), post)
    assert response.status_code == 302
    html = trainee_client.get(_attempt_url(attempt)).content.decode()
    token = mask_for(responses[1]).token("option", right_answer(responses[1]))
    assert f'value="{token}" checked' in html
    assert 'value="Ascolto, riformulo, faccio domande aperte."' not in html  # a textarea
    assert "Ascolto, riformulo, faccio domande aperte.</textarea>" in html
    assert 'value="1946"' in html


def test_autosave_is_idempotent(trainee_client, quiz, enrolled):
    attempt = _start(trainee_client, quiz)
    first = attempt.responses.select_related("version").get(position=1)
    post = form_data(first, right_answer(first))
    url = _attempt_url(attempt, "assessments:autosave")
    assert trainee_client.post(url, post).json() == {
        "saved": True,
        "changed": 1,
        "message": it("Answers saved."),
    }
    assert trainee_client.post(url, post).json()["changed"] == 0
    first.refresh_from_db()
    assert first.answer == right_answer(first)


def test_autosave_after_the_deadline_is_refused(trainee_client, section, bank, enrolled, trainee):
    quiz = make_quiz(section, [bank["capital"]], time_limit_minutes=1)
    attempt = attempt_start(quiz=quiz, user=trainee, now=timezone.now() - timedelta(minutes=2))
    response = trainee_client.post(
        _attempt_url(attempt, "assessments:autosave"), {"positions": ["1"], "q1": "x"}
    )
    assert response.status_code == 409
    assert response.json()["message"] == it(
        "Time is up: answers sent after the time limit do not count."
    )
    attempt.refresh_from_db()
    assert attempt.state == "graded"


def test_submitting_twice_from_two_tabs_gives_one_graded_attempt(trainee_client, quiz, enrolled):
    attempt = _start(trainee_client, quiz)
    first = attempt.responses.select_related("version").get(position=1)
    post = merge(form_data(first, right_answer(first)), {"page": "1", "finish": "", "confirm": "1"})
    review = _attempt_url(attempt, "assessments:review")
    assert trainee_client.post(_attempt_url(attempt), post)["Location"] == review
    wrong = merge(form_data(first, None), {"page": "1", "finish": "", "confirm": "1"})
    assert trainee_client.post(_attempt_url(attempt), wrong)["Location"] == review
    attempt.refresh_from_db()
    assert attempt.state == "needs_grading" or attempt.state == "graded"
    assert attempt.score == 1
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_another_trainees_attempt_is_404_for_reading_and_writing(
    client, quiz, enrolled, trainee, other_trainee
):
    attempt = attempt_start(quiz=quiz, user=trainee)
    client.force_login(other_trainee)
    for name in ("assessments:attempt", "assessments:review"):
        assert client.get(_attempt_url(attempt, name)).status_code == 404
    for name in ("assessments:attempt", "assessments:autosave"):
        response = client.post(
            _attempt_url(attempt, name), {"positions": ["1"], "q1": "x", "finish": ""}
        )
        assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open
    assert attempt.responses.get(position=1).answer is None


def test_review_shows_score_feedback_and_hides_correct_answers_until_close(
    trainee_client, section, bank, enrolled, trainee
):
    quiz = make_quiz(section, [bank["capital"]])
    attempt = attempt_start(quiz=quiz, user=trainee)
    response = attempt.responses.select_related("version").get()
    wrong = next(o["key"] for o in response.version.data["answers"] if o["text"] == "Milano")
    attempt_submit(attempt=attempt, answers={1: wrong})
    html = trainee_client.get(_attempt_url(attempt, "assessments:review")).content.decode()
    assert it("Score: %(score)s out of %(max)s (%(percent)s%%)", score=0, max=1, percent=0) in html
    assert it("Incorrect") in html
    assert "FEEDBACK-MILANO-WRONG" in html
    assert it("Correct answer:") not in html
    QuizPage.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    html = trainee_client.get(_attempt_url(attempt, "assessments:review")).content.decode()
    assert it("Correct answer:") + "</strong> Roma" in html


def test_review_options_can_hide_everything(trainee_client, section, bank, enrolled, trainee):
    quiz = make_quiz(
        section,
        [bank["capital"]],
        review_score="never",
        review_correctness="never",
        review_feedback="after_close",
        review_correct_answers="never",
    )
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt)
    html = trainee_client.get(_attempt_url(attempt, "assessments:review")).content.decode()
    assert "FEEDBACK" not in html
    for hidden in ("Incorrect", "Correct answer:"):
        assert it(hidden) not in html
    assert it("Score: %(score)s out of %(max)s (%(percent)s%%)").split("%")[0] not in html


def test_an_open_attempt_past_its_time_closes_when_opened(
    trainee_client, section, bank, enrolled, trainee
):
    quiz = make_quiz(section, [bank["capital"]], time_limit_minutes=1)
    attempt = attempt_start(quiz=quiz, user=trainee, now=timezone.now() - timedelta(minutes=3))
    response = trainee_client.get(_attempt_url(attempt), follow=True)
    assert it("Time ran out: the answers saved before the limit count.") in (
        response.content.decode()
    )
    attempt.refresh_from_db()
    assert attempt.state == "graded"


def test_pages_split_the_questions(trainee_client, section, bank, enrolled):
    quiz = make_quiz(section, list(bank.values()), questions_per_page=3)
    attempt = _start(trainee_client, quiz)
    html = trainee_client.get(_attempt_url(attempt)).content.decode()
    assert (
        it("Attempt %(number)s · page %(current)s of %(pages)s", number=1, current=1, pages=3)
        in html
    )
    assert html.count('name="positions"') == 3
    response = trainee_client.post(_attempt_url(attempt), {"page": "1", "next": ""})
    assert response["Location"].endswith("?page=2")
