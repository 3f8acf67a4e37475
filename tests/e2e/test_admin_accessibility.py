"""axe on every admin page trainers and coordinators use: grading, statistics,
imports and exports, the question bank and the page editors — 0 critical or serious."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Rubric, RubricCriterion, RubricLevel
from assessments.services import attempt_start, attempt_submit, questions_import
from courses.models import Cohort, LessonPage, ModulePage
from courses.services import enrollment_create
from tests.assessments.conftest import BANK_GIFT, make_quiz
from tests.assessments.helpers import right_answer
from tests.courses.factories import make_catalog, make_course
from tests.factories import PASSWORD

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)


def _essay_waiting(home_page, trainee, trainer):
    """A course, a cohort the trainer trains, and an essay answer waiting for a grade."""
    course = make_course(make_catalog(home_page), modules=1, lessons=1, self_enrollment=True)
    bank = {
        q.name: q
        for q in questions_import(text=BANK_GIFT, fmt="gift", category_path="Demo/Basics").questions
    }
    rubric = Rubric(name="Ascolto")
    rubric.criteria.add(RubricCriterion(name="Chiarezza"))
    for label, points in (("Non ancora", 0), ("In parte", 1), ("Pienamente", 2)):
        rubric.levels.add(RubricLevel(label=label, points=points))
    rubric.save()
    essay = bank["essay"]
    essay.rubric, essay.default_mark = rubric, Decimal(2)
    essay.save()
    cohort = Cohort.objects.create(name="Bari 1", territory="bari")
    cohort.courses.add(course)
    cohort.trainers.add(trainer)
    enrollment_create(user=trainee, course=course, cohort=cohort)
    section = ModulePage.objects.child_of(course).get()
    quiz = make_quiz(section, list(bank.values()), title="Con saggio")
    attempt = attempt_start(quiz=quiz, user=trainee)
    answers = {r.position: right_answer(r) for r in attempt.responses.select_related("version")}
    attempt_submit(attempt=attempt, answers=answers)
    return course, quiz, bank


def _log_in(page, user):
    visit(page, "/admin/login/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def test_the_trainers_admin_pages_pass_axe(page, home_page, trainee, trainer):
    course, quiz, bank = _essay_waiting(home_page, trainee, trainer)
    lesson = LessonPage.objects.descendant_of(course).first()
    _log_in(page, trainer)
    pages = [
        reverse("assessments_grading:queue"),
        reverse("assessments_statistics:index"),
        reverse("assessments_statistics:quiz", args=[quiz.pk]),
        reverse("assessments_import:import"),
        reverse("assessments_export:export"),
        reverse("assessments_questions:index"),
        reverse("assessments_questions:index") + "?q=capitale",
        reverse("assessments_questions:edit", args=[bank["pairs"].pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("wagtailadmin_pages:edit", args=[quiz.pk]),
        reverse("wagtailadmin_explore", args=[course.pk]),
    ]
    for path in pages:
        response = visit(page, path)
        assert response.status == 200, path
        assert not page.title().startswith("-"), f"{path} has no title: {page.title()!r}"
    # Grading: the rubric and the comment are labelled; save and go to the next answer.
    visit(page, reverse("assessments_grading:queue"))
    page.locator("main a[href*='/grading/']").first.click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert page.get_by_label("Pienamente").count() >= 1


def test_the_coordinators_admin_pages_pass_axe(page, home_page, coordinator):
    _log_in(page, coordinator)
    for path in (
        reverse("enrollment_import:index"),
        reverse("wagtailadmin_home"),
    ):
        response = visit(page, path)
        assert response.status == 200, path
