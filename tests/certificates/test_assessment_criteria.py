"""The final-quiz and competency criteria, answered from the assessments app."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, CompetencyRating, QuizPage
from certificates import criteria
from certificates.criteria import final_quiz
from tests.assessments.competencies.factories import make_competency, make_framework
from tests.courses.factories import modules_of, translate_tree
from tests.factories import TraineeFactory


def _quiz(module, title, slug) -> QuizPage:
    quiz = QuizPage(title=title, slug=slug)
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


@pytest.fixture
def quizzes(course):
    """A practice quiz in the first module and the final quiz in the last one."""
    first, *_rest, last = modules_of(course)
    return _quiz(first, "Quiz di pratica", "pratica"), _quiz(last, "Quiz finale", "finale")


def _attempt(quiz, user, percent, *, number=1, state=Attempt.State.GRADED, minutes=0):
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        state=state,
        started_at=timezone.now() + timedelta(minutes=minutes),
        score=None if percent is None else Decimal(percent),
        max_score=Decimal(100),
    )


def _check(rule, user, key):
    return next(c for c in criteria.evaluate(rule, [user])[user.pk] if c.key == key)


@pytest.fixture
def quiz_rule(rule):
    rule.competencies = ""
    rule.min_quiz_grade = 70
    rule.save()
    return rule


def test_final_quiz_is_the_last_quiz_of_the_course(course, quizzes):
    assert final_quiz(course) == quizzes[1]
    # A quiz still in draft after it does not take its place.
    draft = QuizPage(title="Bozza", slug="bozza", live=False)
    modules_of(course)[-1].add_child(instance=draft)
    assert final_quiz(course) == quizzes[1]


def test_quiz_grade_met_missing_and_not_taken(quiz_rule, quizzes, trainee, other_trainee):
    practice, final = quizzes
    _attempt(practice, trainee, 100)  # the practice quiz does not count
    check = _check(quiz_rule, trainee, "quiz_grade")
    assert (check.met, check.missing) == (False, "Quiz finale non ancora svolto")

    _attempt(final, trainee, 55)
    check = _check(quiz_rule, trainee, "quiz_grade")
    assert (check.met, check.missing) == (False, "Quiz finale: 55% (servono 70%)")

    # The quiz's grading method (highest by default) decides: a second try at 80 passes.
    _attempt(final, trainee, 80, number=2, minutes=5)
    assert _check(quiz_rule, trainee, "quiz_grade").met is True
    assert _check(quiz_rule, other_trainee, "quiz_grade").met is False


def test_quiz_grade_never_rounds_up_to_the_threshold(quiz_rule, quizzes, trainee):
    _attempt(quizzes[1], trainee, "69.96")
    check = _check(quiz_rule, trainee, "quiz_grade")
    assert (check.met, check.missing) == (False, "Quiz finale: 69,9% (servono 70%)")


def test_quiz_waiting_for_a_trainer_says_so(quiz_rule, quizzes, trainee):
    _attempt(quizzes[1], trainee, None, state=Attempt.State.NEEDS_GRADING)
    check = _check(quiz_rule, trainee, "quiz_grade")
    assert (check.met, check.missing) == (False, "Quiz finale in attesa di valutazione")


def test_an_attempt_at_the_translated_quiz_counts(quiz_rule, course, quizzes, trainee):
    translate_tree(course)
    english_final = QuizPage.objects.get(
        translation_key=quizzes[1].translation_key, locale__language_code="en"
    )
    _attempt(english_final, trainee, 90)
    assert _check(quiz_rule, trainee, "quiz_grade").met is True


def test_course_without_quiz_blocks_the_rule(quiz_rule, trainee):
    check = _check(quiz_rule, trainee, "quiz_grade")
    assert (check.met, check.missing) == (False, "Questo corso non ha quiz")


@pytest.fixture
def framework(db):
    framework = make_framework()
    make_competency(framework, "PEER-1", "Ascolto attivo", name_en="Active listening")
    make_competency(framework, "PEER-2", "Domande potenti", name_en="Powerful questions")
    return framework


def _rate(user, framework, idnumber, *, proficient, level):
    CompetencyRating.objects.create(
        user=user,
        competency=framework.competencies.get(idnumber=idnumber),
        level=level,
        proficient=proficient,
        rule_type="latest_trainer",
        rated_at=timezone.now(),
    )


def test_competencies_by_name_or_idnumber(rule, framework, trainee):
    # The fixture rule lists "Active listening" and "Powerful questions" (English names).
    check = _check(rule, trainee, "competencies")
    assert (check.met, check.missing) == (
        False,
        "Non ancora competente in: Active listening, Powerful questions",
    )
    _rate(trainee, framework, "PEER-1", proficient=True, level=3)
    _rate(trainee, framework, "PEER-2", proficient=False, level=2)
    check = _check(rule, trainee, "competencies")
    assert (check.met, check.missing) == (False, "Non ancora competente in: Powerful questions")

    rule.competencies = "peer-1\nAscolto attivo"
    rule.save()
    assert _check(rule, trainee, "competencies").met is True


def test_unknown_competency_is_named(rule, framework, trainee):
    rule.competencies = "Active listening\nAscolto attiv"
    rule.save()
    _rate(trainee, framework, "PEER-1", proficient=True, level=4)
    check = _check(rule, trainee, "competencies")
    assert (check.met, check.missing) == (False, "Nessuna competenza si chiama: Ascolto attiv")


def test_eligible_with_quiz_and_competencies(rule, framework, quizzes, trainee):
    rule.min_quiz_grade = 60
    rule.save()
    _attempt(quizzes[1], trainee, 75)
    _rate(trainee, framework, "PEER-1", proficient=True, level=3)
    _rate(trainee, framework, "PEER-2", proficient=True, level=3)
    assert criteria.is_eligible(criteria.evaluate(rule, [trainee])[trainee.pk])


def _cohort(size, final, framework):
    people = TraineeFactory.create_batch(size)
    for n, person in enumerate(people):
        _attempt(final, person, 50 + n)
        _attempt(final, person, 60 + n, number=2, minutes=1)
        _rate(person, framework, "PEER-1", proficient=n % 2 == 0, level=3)
        _rate(person, framework, "PEER-2", proficient=True, level=4)
    return people


@pytest.mark.parametrize("key", ["quiz_grade", "competencies"])
def test_queries_do_not_grow_with_the_cohort(
    rule, framework, quizzes, key, django_assert_num_queries
):
    rule.min_quiz_grade = 70
    rule.save()
    evaluator = criteria.evaluator_for(key)
    small = _cohort(2, quizzes[1], framework)
    large = small + _cohort(18, quizzes[1], framework)
    with CaptureQueriesContext(connection) as for_two:
        evaluator(rule, small)
    with django_assert_num_queries(len(for_two)):
        outcomes = evaluator(rule, large)
    assert len(outcomes) == 20
    assert any(o.met for o in outcomes.values()) and not all(o.met for o in outcomes.values())


def test_a_rule_on_the_italian_quiz_counts_an_attempt_started_from_arabic(
    client, quiz_rule, course, quizzes, trainee
):
    """A trainee who starts the final quiz from /ar/ takes the canonical (Italian) quiz:
    the rule on the course's final quiz is met by that attempt."""
    from wagtail.models import Locale

    from assessments.models import QuizSlot
    from assessments.services import attempt_submit, questions_import
    from courses.services import enrollment_create

    final = quizzes[1]
    (question,) = questions_import(
        text="::sole::Il sole è una stella. {TRUE}", fmt="gift", category_path="Prova"
    ).questions
    QuizSlot.objects.create(quiz=final, question=question, sort_order=0)
    final.save_revision().publish()
    arabic = final.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    arabic.save_revision().publish()
    enrollment_create(user=trainee, course=course)
    client.force_login(trainee)
    started = client.post(arabic.url)
    assert started.status_code == 302 and started.url.startswith("/ar/quiz/attempt/")
    attempt = Attempt.objects.get(user=trainee)
    assert attempt.quiz_id == final.pk
    attempt_submit(attempt=attempt, answers={1: "true"})
    assert _check(quiz_rule, trainee, "quiz_grade").met is True
