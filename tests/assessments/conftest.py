"""Fixtures for the assessments tests: a bank, a quiz page and attempts."""

import random
from decimal import Decimal

import pytest
from django.utils import translation

from assessments.models import QuizPage, QuizSlot
from assessments.services import category_get_or_create, questions_import
from courses.models import ModulePage
from courses.services import enrollment_create
from tests.courses.factories import make_catalog, make_course

# One question of each auto-marked type, plus an essay and a description.
BANK_GIFT = """
::capital::Qual è la capitale d'Italia? / What is the capital of Italy? {
=Roma#FEEDBACK-ROMA-RIGHT
~Milano#FEEDBACK-MILANO-WRONG
~Napoli
}

::cities::Quali città sono in Puglia? / Which cities are in Apulia? {
~%50%Bari#FEEDBACK-BARI
~%50%Lecce
~%-100%Torino#FEEDBACK-TORINO
}

::sky::Il cielo è blu. / The sky is blue. {TRUE#FEEDBACK-TF-WRONG#FEEDBACK-TF-RIGHT}

::region::In quale regione è Foggia? / In which region is Foggia? {
=SECRET-ACCEPTED-puglia#FEEDBACK-SHORT
=%50%SECRET-HALF-italia
}

::year::In che anno è nata la Repubblica? / In which year was the Republic born? {#1946:0}

::pairs::Abbina / Match {
=Bari -> BA
=Lecce -> LE
=Foggia -> FG
}

::essay::Descrivi un ascolto attivo. / Describe active listening. {}
"""


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English; pages answer in Italian (see ``it``)."""
    with translation.override("en"):
        yield


@pytest.fixture
def bank(db):
    """The questions of BANK_GIFT by name, in category "Demo/Basics"."""
    result = questions_import(text=BANK_GIFT, fmt="gift", category_path="Demo/Basics")
    return {question.name: question for question in result.questions}


@pytest.fixture
def course(home_page):
    """A live course with one module and one lesson, open for self-enrolment."""
    return make_course(make_catalog(home_page), modules=1, lessons=1, self_enrollment=True)


@pytest.fixture
def section(course):
    """The module quizzes are placed in."""
    return ModulePage.objects.child_of(course).first()


@pytest.fixture
def enrolled(course, trainee, other_trainee):
    """The trainee and the other trainee, both enrolled in the course."""
    for user in (trainee, other_trainee):
        enrollment_create(user=user, course=course)
    return course


def make_quiz(parent, questions=(), *, random_from=None, count=1, **settings) -> QuizPage:
    """A published quiz with fixed ``questions`` (and optionally a random draw)."""
    settings.setdefault("title", "Quiz")
    settings.setdefault("slug", f"quiz-{random.randint(0, 10**9)}")  # noqa: S311
    settings.setdefault("shuffle_answers", False)
    quiz = QuizPage(**settings)
    for question in questions:
        quiz.slots.add(QuizSlot(kind="fixed", question=question))
    if random_from is not None:
        quiz.slots.add(QuizSlot(kind="random", category=random_from, count=count))
    parent.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


@pytest.fixture
def quiz(section, bank):
    """An untimed quiz with every question of the bank in file order."""
    return make_quiz(section, list(bank.values()), title="Quiz di prova")


@pytest.fixture
def category(db):
    return category_get_or_create(path="Demo/Basics")


HALF = Decimal("0.5")
