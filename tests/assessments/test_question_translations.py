"""Questions in the reader's language: per-language stems, options and feedback,
falling back to the source (marked lang/dir), graded on the canonical version, and
counted together in the item statistics (issue 14, items 2 and 4)."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments import selectors
from assessments.services import attempt_start, attempt_submit, question_version_sync
from assessments.translations import (
    CURRENT,
    MISSING,
    OUTDATED,
    question_translation_save,
    source_data,
    translation_state,
    translations_for,
)
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import form_data, merge

pytestmark = pytest.mark.django_db


def _translate_capital(question, language="ar"):
    answers = {a.text: a.key for a in question.answers.all()}
    return question_translation_save(
        question=question,
        language=language,
        texts={
            "text": "ما هي عاصمة إيطاليا؟",
            "answers": {
                answers["Roma"]: {"text": "روما", "feedback": "صحيح، روما هي العاصمة."},
                answers["Milano"]: {"text": "ميلانو", "feedback": "لا، ميلانو مدينة في الشمال."},
                answers["Napoli"]: {"text": "نابولي"},
            },
        },
    )


def _url(attempt, name="assessments:attempt", language="ar"):
    with translation.override(language):
        return reverse(name, kwargs={"pk": attempt.pk})


def test_an_arabic_reader_sees_the_question_in_arabic_and_is_graded_on_the_original(
    client, section, bank, enrolled, trainee
):
    question = bank["capital"]
    _translate_capital(question)
    quiz = make_quiz(section, [question])
    attempt = attempt_start(quiz=quiz, user=trainee)
    client.force_login(trainee)
    html = client.get(_url(attempt)).content.decode()
    assert "ما هي عاصمة إيطاليا؟" in html
    assert "روما" in html and "ميلانو" in html
    assert "Qual è la capitale" not in html
    assert "This question is only available" not in html

    response = attempt.responses.select_related("version").get()
    roma = next(o["key"] for o in response.version.data["answers"] if o["text"] == "Roma")
    post = merge(form_data(response, roma), {"page": "1", "finish": "", "confirm": "1"})
    assert client.post(_url(attempt), post)["Location"] == _url(attempt, "assessments:review")
    attempt.refresh_from_db()
    assert attempt.score == 1
    review = client.get(_url(attempt, "assessments:review")).content.decode()
    assert "صحيح، روما هي العاصمة." in review


def test_an_untranslated_question_is_shown_in_italian_marked_lang_and_dir(
    client, section, bank, enrolled, trainee
):
    quiz = make_quiz(section, [bank["capital"]])
    attempt = attempt_start(quiz=quiz, user=trainee)
    client.force_login(trainee)
    html = client.get(_url(attempt)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div class="question__stem" lang="it" dir="ltr" data-listen>' in html
    assert "Qual è la capitale d&#x27;Italia?" in html or "Qual è la capitale d'Italia?" in html


def test_a_translation_is_outdated_when_the_source_changes_and_then_not_shown(
    client, section, bank, enrolled, trainee
):
    question = bank["capital"]
    assert translation_state(source_data(question), None) == MISSING
    made = _translate_capital(question)
    assert translation_state(source_data(question), made) == CURRENT
    question.text = "Qual è la capitale della Repubblica italiana?"
    question.save()
    question_version_sync(question=question)
    assert translation_state(source_data(question), made) == OUTDATED

    quiz = make_quiz(section, [question])
    attempt = attempt_start(quiz=quiz, user=trainee)
    client.force_login(trainee)
    html = client.get(_url(attempt)).content.decode()
    assert "ما هي عاصمة إيطاليا؟" not in html
    assert "della Repubblica italiana" in html
    assert '<div class="question__stem" lang="it" dir="ltr" data-listen>' in html


def test_item_statistics_merge_attempts_made_in_every_language(
    client, section, bank, enrolled, trainee, other_trainee
):
    question = bank["capital"]
    _translate_capital(question)
    quiz = make_quiz(section, [question])
    roma = next(a.key for a in question.answers.all() if a.text == "Roma")
    milano = next(a.key for a in question.answers.all() if a.text == "Milano")
    with translation.override("ar"):
        attempt_submit(attempt=attempt_start(quiz=quiz, user=trainee), answers={1: roma})
    with translation.override("it"):
        attempt_submit(attempt=attempt_start(quiz=quiz, user=other_trainee), answers={1: milano})
    (stats,) = selectors.item_statistics(quiz=quiz)
    assert stats.responses == 2
    assert stats.facility == 0.5
    assert {answer.label for answer in stats.answers} == {"Roma", "Milano"}


def test_keys_that_are_not_the_questions_are_dropped_and_the_source_language_has_none(bank):
    question = bank["capital"]
    made = question_translation_save(
        question=question, language="fr", texts={"text": "Quelle est la capitale de l'Italie ?",
                                                 "answers": {"forged": {"text": "x"}}},
    )  # fmt: skip
    assert made.answers == {}
    assert translations_for([question.pk], "it") == {}
    assert translations_for([question.pk], "fr")[question.pk] == made


def _trains(trainer, course):
    from courses.models import Cohort

    cohort = Cohort.objects.create(name="Coorte di prova", territory="foggia")
    cohort.courses.add(course)
    cohort.trainers.add(trainer)


def test_a_trainer_translates_a_question_side_by_side_and_the_coverage_counts_it(
    client, course, section, bank, trainer
):
    question = bank["capital"]
    make_quiz(section, [question, bank["sky"]])
    _trains(trainer, course)
    client.force_login(trainer)
    listing = client.get(f"/admin/translations/{course.pk}/questions/").content.decode()
    assert listing.count(">Mancante</a>") == 6  # two questions × en, fr, ar
    url = f"/admin/translations/questions/{question.pk}/fr/"
    form = client.get(url).content.decode()
    assert "Qual è la capitale d&#x27;Italia?" in form  # the source beside the fields
    assert 'lang="fr" dir="ltr"' in form
    roma = next(a.key for a in question.answers.all() if a.text == "Roma")
    saved = client.post(url, {"text": "Quelle est la capitale de l’Italie ?",
                              f"answer-{roma}-text": "Rome"})  # fmt: skip
    assert saved.status_code == 302
    made = question.translations.get(language="fr")
    assert made.text == "Quelle est la capitale de l’Italie ?"
    assert made.answers[roma]["text"] == "Rome"
    listing = client.get(f"/admin/translations/{course.pk}/questions/").content.decode()
    assert listing.count(">Aggiornata</a>") == 1
    overview = client.get("/admin/translations/").content.decode()
    assert "1 di 2 (0 da aggiornare)" in overview


def test_a_trainer_cannot_translate_questions_of_courses_they_do_not_train(
    client, course, section, bank, trainer
):
    make_quiz(section, [bank["capital"]])
    client.force_login(trainer)
    assert client.get(f"/admin/translations/{course.pk}/questions/").status_code == 404
    url = f"/admin/translations/questions/{bank['capital'].pk}/fr/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x"}).status_code == 404
    assert not bank["capital"].translations.exists()
