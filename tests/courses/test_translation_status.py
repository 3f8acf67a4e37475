"""Trainers see, per course and language, what is translated, missing or outdated."""

import pytest

from courses.models import Cohort

from .factories import make_catalog, make_course, translate_tree

pytestmark = pytest.mark.django_db


def test_the_translations_screen_shows_missing_and_outdated_pages(client, home_page, trainer):
    course = make_course(make_catalog(home_page), title="Corso", modules=1, lessons=1)
    _trains(trainer, course)
    translate_tree(course, "fr")
    lesson = course.get_descendants().live().specific().last()
    lesson.title = "Lezione cambiata"
    lesson.save_revision().publish()  # the original changes after the translation
    client.force_login(trainer)
    html = client.get("/admin/translations/").content.decode()
    assert ">Corso</a>" in html
    assert "<td>Francese</td>\n      <td>100%</td>\n      <td>0</td>\n      <td>1</td>" in html
    assert "<td>Arabo</td>\n      <td>0%</td>\n      <td>3</td>" in html
    detail = client.get(f"/admin/translations/{course.pk}/").content.decode()
    assert detail.count(">Aggiornata</a>") == 2  # course and module, in French
    assert detail.count(">Da aggiornare</a>") == 1  # the lesson
    assert detail.count(">Mancante · <a") == 6  # nothing in English (but the home) nor Arabic
    # Each missing page links to Wagtail's Translate action for its original.
    assert detail.count("/admin/translation/submit/page/") == 6
    assert detail.count(">Traduci</a>") == 6


def test_trainees_cannot_see_it(client, home_page, trainee):
    client.force_login(trainee)
    assert client.get("/admin/translations/").status_code in (302, 403)


def _trains(trainer, *courses):
    cohort = Cohort.objects.create(name=f"Coorte {trainer.pk}", territory="foggia")
    cohort.courses.add(*courses)
    cohort.trainers.add(trainer)


def test_a_trainer_translates_their_own_courses_only_and_a_coordinator_all(
    client, home_page, trainer, coordinator
):
    catalog = make_catalog(home_page)
    mine = make_course(catalog, title="Il mio corso", slug="mio", modules=1, lessons=1)
    other = make_course(catalog, title="Corso di altri", slug="altri", modules=1, lessons=1)
    _trains(trainer, mine)
    client.force_login(trainer)
    html = client.get("/admin/translations/").content.decode()
    assert ">Il mio corso</a>" in html and "Corso di altri" not in html
    assert client.get(f"/admin/translations/{other.pk}/").status_code == 404
    client.force_login(coordinator)
    html = client.get("/admin/translations/").content.decode()
    assert ">Il mio corso</a>" in html and ">Corso di altri</a>" in html


def test_trainers_and_coordinators_can_use_the_translate_action(
    client, home_page, trainer, coordinator
):
    """Wagtail's Translate action needs ``simple_translation.submit_translation``; without
    it the submit view sends a trainer back to the dashboard and no copy is made."""
    from courses.models import LessonPage

    course = make_course(make_catalog(home_page), title="Corso", modules=1, lessons=1)
    _trains(trainer, course)
    translate_tree(course.get_parent(), "fr")  # the catalogue and the course in French
    lesson = LessonPage.objects.descendant_of(course).get()
    LessonPage.objects.get(
        translation_key=lesson.translation_key, locale__language_code="fr"
    ).delete()
    for user in (trainer, coordinator):
        assert user.has_perm("simple_translation.submit_translation")
    client.force_login(trainer)
    edit = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert f"/admin/translation/submit/page/{lesson.pk}/" in edit  # the Translate button
    response = client.get(f"/admin/translation/submit/page/{lesson.pk}/")
    assert response.status_code == 200
