"""Authors are warned when a practice quiz would reveal a graded quiz's answers."""

import pytest
from django.urls import reverse

from assessments.services import category_get_or_create
from tests.assessments.conftest import make_quiz

pytestmark = pytest.mark.django_db


def _edit_page(client, quiz) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_practice_quiz_drawing_from_a_graded_quizs_category_warns(admin_client, section):
    shared = category_get_or_create(path="Banca/Modulo 1")
    separate = category_get_or_create(path="Banca/Esercizi")
    make_quiz(section, random_from=shared, title="Esame finale riservato")
    practice = make_quiz(
        section, random_from=shared, title="Esercizio", review_correct_answers="after_submit"
    )
    html = _edit_page(admin_client, practice)
    assert "“Esame finale riservato”" in html

    # The same practice quiz on its own category, or one that keeps the answers until the
    # quiz closes, raises no warning.
    apart = make_quiz(
        section,
        random_from=separate,
        title="Esercizio a parte",
        review_correct_answers="after_submit",
    )
    assert "Esame finale riservato" not in _edit_page(admin_client, apart)
    practice.review_correct_answers = "after_close"
    practice.save_revision().publish()
    assert "Esame finale riservato" not in _edit_page(admin_client, practice)


def test_parent_category_draw_with_subcategories_counts_as_shared(admin_client, section):
    parent = category_get_or_create(path="Banca")
    child = category_get_or_create(path="Banca/Modulo 2")
    make_quiz(section, random_from=child, title="Verifica modulo 2")
    practice = make_quiz(
        section, random_from=parent, title="Ripasso", review_correct_answers="after_submit"
    )
    assert "“Verifica modulo 2”" in _edit_page(admin_client, practice)
