"""Fixtures for the assessments tests: a bank, a quiz page and attempts."""

import random
from decimal import Decimal

import pytest
from django.utils import translation

from assessments.models import QuizPage, QuizSlot
from assessments.services import category_get_or_create, questions_import
from content.models import StandardPage

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
def _english(settings):
    """Messages are asserted in English."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def bank(db):
    """The questions of BANK_GIFT by name, in category "Demo/Basics"."""
    result = questions_import(text=BANK_GIFT, fmt="gift", category_path="Demo/Basics")
    return {question.name: question for question in result.questions}


@pytest.fixture
def section(home_page):
    """A plain page to hold quizzes until they live in modules."""
    page = StandardPage(title="Moduli", slug="moduli")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


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
