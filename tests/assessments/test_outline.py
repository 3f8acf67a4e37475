"""Quizzes in the course outline, the lesson page's module list and the dashboard."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from assessments.selectors import quiz_results_for
from assessments.services import attempt_start, attempt_submit, questions_import
from courses.models import LessonPage
from courses.services import enrollment_create, lesson_complete
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import it, right_answer
from tests.courses.factories import lessons_of, translate_tree
from tests.courses.test_query_counts import LESSON_WITH_QUIZZES_BUDGET

pytestmark = pytest.mark.django_db


def _answers(attempt, correct=True):
    return {
        r.position: right_answer(r) if correct else None
        for r in attempt.responses.select_related("version")
    }


def _graded(quiz, user, *, correct=True):
    attempt = attempt_start(quiz=quiz, user=user)
    return attempt_submit(attempt=attempt, answers=_answers(attempt, correct))


def _text(response) -> str:
    """The page's text without tags and with single spaces, as a reader meets it."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _row(response, title) -> str:
    """The text of the outline row (``<li>``) whose link or label is ``title``."""
    html = response.content.decode()
    for row in re.findall(r'<li class="lesson-row[^"]*">(.*?)</li>', html, flags=re.S):
        if f">{title}<" in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no outline row for {title!r}")


@pytest.fixture
def auto_questions(bank):
    """The auto-marked questions (the essay would leave attempts waiting for a trainer)."""
    return [bank[name] for name in ("capital", "cities", "sky", "region", "year", "pairs")]


@pytest.fixture
def practice(section, auto_questions):
    return make_quiz(section, auto_questions, title="Quiz del modulo")


def test_a_module_lists_its_lessons_and_quizzes_in_tree_order(
    client, course, section, practice, enrolled, trainee
):
    section.add_child(instance=LessonPage(title="Lezione dopo il quiz", slug="dopo"))
    client.force_login(trainee)
    html = client.get(course.url).content.decode()
    module = html[html.index(f'id="module-{section.pk}"') :]
    positions = [module.index(t) for t in ("Lezione 1.1", "Quiz del modulo", "Lezione dopo")]
    assert positions == sorted(positions)
    assert f'href="{practice.url}"' in module
    assert it("Not started") in _row(client.get(course.url), "Quiz del modulo")


def test_the_outline_shows_each_standing_for_the_signed_in_trainee(
    client, course, section, bank, auto_questions, enrolled, trainee, other_trainee
):
    graded = make_quiz(section, auto_questions, title="Quiz superato", pass_mark=50)
    failed = make_quiz(section, auto_questions, title="Quiz da ripetere")
    essay = make_quiz(section, [bank["essay"]], title="Quiz con tema")
    timed = make_quiz(section, auto_questions, title="Quiz a tempo", time_limit_minutes=20)
    untouched = make_quiz(section, auto_questions, title="Quiz da fare")
    _graded(graded, trainee)
    _graded(failed, trainee, correct=False)
    _graded(essay, trainee)
    attempt = attempt_start(quiz=timed, user=trainee)
    _graded(untouched, other_trainee)  # someone else's result is not mine

    client.force_login(trainee)
    page = client.get(course.url)
    assert _row(page, "Quiz superato").endswith(it("Graded: %(percent)s%%, passed", percent=100))
    assert _row(page, "Quiz da ripetere").endswith(
        it("Graded: %(percent)s%%, not passed yet", percent=0)
    )
    assert _row(page, "Quiz con tema").endswith(it("Awaiting grading by a trainer"))
    deadline = timezone.localtime(attempt.deadline).strftime("%H:%M")
    timed_row = _row(page, "Quiz a tempo")
    assert it("In progress: hand in by %(deadline)s", deadline="").strip() in timed_row
    assert deadline in timed_row
    assert _row(page, "Quiz da fare").endswith(it("Not started"))


def test_trainers_and_visitors_see_the_quiz_but_no_standing(
    client, course, practice, trainer, trainee, enrolled
):
    _graded(practice, trainee)
    client.force_login(trainer)
    row = _row(client.get(course.url), "Quiz del modulo")
    assert f'href="{practice.url}"' in client.get(course.url).content.decode()
    assert row == "Quiz del modulo " + it("Quiz")
    client.logout()
    html = client.get(course.url).content.decode()
    assert "Quiz del modulo" in html
    assert f'href="{practice.url}"' not in html


def test_continue_leads_to_a_waiting_quiz_after_the_lessons_done(
    client, course, practice, enrolled, trainee
):
    lesson_complete(user=trainee, lesson=lessons_of(course)[0])
    client.force_login(trainee)
    html = client.get(course.url).content.decode()
    assert f'<a class="button" href="{practice.url}">' in html
    _graded(practice, trainee)
    html = client.get(course.url).content.decode()
    assert f'<a class="button" href="{practice.url}">' not in html


def test_a_hidden_score_is_not_shown_in_the_outline(
    client, course, section, auto_questions, enrolled, trainee
):
    quiz = make_quiz(section, auto_questions, title="Quiz riservato", review_score="never")
    _graded(quiz, trainee)
    client.force_login(trainee)
    row = _row(client.get(course.url), "Quiz riservato")
    assert row.endswith(it("Submitted: the score is shown later"))
    assert "100" not in row


def test_the_quiz_page_hides_the_grade_too_until_review_allows_it(
    client, section, auto_questions, enrolled, trainee
):
    quiz = make_quiz(section, auto_questions, title="Quiz riservato", review_score="after_close")
    _graded(quiz, trainee)
    client.force_login(trainee)
    text = _text(client.get(quiz.url))
    assert it("Submitted: the score is shown later") in text
    assert it("Your grade: %(percent)s%%", percent=100) not in text


def test_correct_answers_never_reach_the_outline_nor_the_dashboard(
    client, course, section, practice, enrolled, trainee
):
    _graded(practice, trainee)
    client.force_login(trainee)
    lesson = lessons_of(course)[0]
    for url in (course.url, lesson.url, "/dashboard/"):
        html = client.get(url).content.decode()
        assert "Quiz del modulo" in html, url
        for secret in ("SECRET-ACCEPTED", "FEEDBACK-", "Roma", "1946"):
            assert secret not in html, (url, secret)
        # A two-letter answer: as a word of its own, not inside a random token.
        assert not re.search(r"(?<![A-Za-z0-9])FG(?![A-Za-z0-9])", html), url


def test_quizzes_are_listed_but_not_opened_in_a_locked_module(
    client, catalog_course_locked, trainee
):
    course, quiz = catalog_course_locked
    enrollment_create(user=trainee, course=course)
    client.force_login(trainee)
    row = _row(client.get(course.url), "Quiz bloccato")
    assert "Quiz bloccato" in row
    assert f'href="{quiz.url}"' not in client.get(course.url).content.decode()


def test_a_quiz_in_a_locked_module_cannot_be_opened_or_started_by_its_address(
    client, catalog_course_locked, trainee
):
    from assessments.models import Attempt

    course, quiz = catalog_course_locked
    enrollment_create(user=trainee, course=course)
    client.force_login(trainee)
    response = client.get(quiz.url, follow=True)
    assert response.redirect_chain[-1][0] == course.url
    assert it("Complete the previous module to open this quiz.") in _text(response)
    client.post(quiz.url)
    assert not Attempt.objects.filter(user=trainee).exists()
    # Once the first module is done, the quiz opens.
    lesson_complete(user=trainee, lesson=lessons_of(course)[0])
    assert client.get(quiz.url).status_code == 200


@pytest.fixture
def catalog_course_locked(home_page, auto_questions):
    from tests.courses.factories import make_catalog, make_course, modules_of

    course = make_course(
        make_catalog(home_page, slug="corsi-b"),
        title="Corso a tappe",
        modules=2,
        lessons=1,
        unlock_after_previous=True,
    )
    quiz = make_quiz(modules_of(course)[1], auto_questions, title="Quiz bloccato")
    return course, quiz


def test_the_lesson_page_lists_its_module_and_leads_on_to_the_quiz(
    client, course, practice, enrolled, trainee
):
    lesson = lessons_of(course)[0]
    client.force_login(trainee)
    response = client.get(lesson.url)
    text = _text(response)
    assert it("In this module") in text
    assert "Quiz del modulo" in text
    # "Next" completes the unread lesson (a form) and moves on to the quiz that follows it.
    assert '<form method="post" class="pager__next">' in response.content.decode()
    response = client.post(lesson.url, {"action": "complete"})
    assert response.status_code == 302
    assert response["Location"] == practice.url


def test_the_dashboard_shows_quizzes_to_do_and_results(
    client, course, section, practice, auto_questions, enrolled, trainee
):
    done = make_quiz(section, auto_questions, title="Quiz fatto")
    _graded(done, trainee)
    lesson_complete(user=trainee, lesson=lessons_of(course)[0])
    client.force_login(trainee)
    response = client.get("/dashboard/")
    assert _row(response, "Quiz del modulo").endswith(it("Not started"))
    assert _row(response, "Quiz fatto").endswith(it("Graded: %(percent)s%%, passed", percent=100))
    # Every lesson is done: the next step is the quiz still waiting.
    html = response.content.decode()
    next_step = html[html.index('class="next-step"') :]
    assert next_step.index(practice.url) < next_step.index("</p>")


def test_an_attempt_in_either_language_counts_in_the_translated_outline(
    client, course, practice, enrolled, trainee
):
    _graded(practice, trainee)
    translate_tree(course.get_parent(), "en")
    client.force_login(trainee)
    english = course.get_translation(Locale.objects.get(language_code="en"))
    row = _row(client.get(english.url), "Quiz del modulo (EN)")
    assert "100%" in row


def test_results_for_given_quizzes_include_the_ones_not_attempted(
    section, practice, auto_questions, trainee
):
    other = make_quiz(section, auto_questions, title="Altro")
    _graded(other, trainee)
    results = quiz_results_for(user=trainee, quizzes=[practice, other])
    assert [(r.quiz, r.attempts_used, r.percent) for r in results] == [
        (practice, 0, None),
        (other, 1, 100),
    ]


# --- Query counts ---------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _questions(tag):
    gift = "::q::Due più due? / Two plus two? {=quattro ~tre ~cinque}"
    return questions_import(text=gift, fmt="gift", category_path=f"Conti {tag}").questions


@pytest.fixture
def counts(client, course, section, enrolled, trainee):
    def measure(*, quizzes: int, attempts: int) -> dict:
        from django.db import transaction

        sid = transaction.savepoint()
        questions = _questions(f"{quizzes}-{attempts}")
        for n in range(quizzes):
            quiz = make_quiz(section, questions, title=f"Quiz {n}")
            for _ in range(attempts):
                _graded(quiz, trainee)
            attempt_start(quiz=quiz, user=trainee)  # one more, still open
        client.force_login(trainee)
        lesson = lessons_of(course)[0]
        result = {
            "course": _count(client, course.url),
            "lesson": _count(client, lesson.url),
            "dashboard": _count(client, "/dashboard/"),
        }
        transaction.savepoint_rollback(sid)
        return result

    return measure


def test_query_counts_stay_flat_as_quizzes_and_attempts_grow(counts):
    one = counts(quizzes=1, attempts=1)
    assert counts(quizzes=10, attempts=1) == one
    assert counts(quizzes=3, attempts=6) == one


def test_the_lesson_page_with_quizzes_keeps_its_budget(counts):
    assert counts(quizzes=3, attempts=2)["lesson"] <= LESSON_WITH_QUIZZES_BUDGET


def test_the_lesson_pages_and_dashboards_quiz_rows_follow_each_standing(
    client, course, practice, enrolled, trainee, other_trainee
):
    """The list (and the dashboard's card) is kept rendered (``{% keep %}``): a quiz
    taken shows its grade on the next visit, and another trainee sees their own."""
    lesson = lessons_of(course)[0]
    client.force_login(trainee)
    for url in (lesson.url, "/dashboard/"):
        assert _row(client.get(url), "Quiz del modulo").endswith(it("Not started"))
    attempt = attempt_start(quiz=practice, user=trainee)
    for url in (lesson.url, "/dashboard/"):
        assert it("In progress") in _row(client.get(url), "Quiz del modulo")
    attempt_submit(attempt=attempt, answers=_answers(attempt))
    passed = it("Graded: %(percent)s%%, passed", percent=100)
    for url in (lesson.url, "/dashboard/"):
        assert _row(client.get(url), "Quiz del modulo").endswith(passed)
    client.force_login(other_trainee)
    for url in (lesson.url, "/dashboard/"):
        assert _row(client.get(url), "Quiz del modulo").endswith(it("Not started"))
