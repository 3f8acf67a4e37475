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
    assert detail.count(">Mancante<") == 6  # nothing in English (but the home) nor Arabic


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
