"""Cohorts: trainers see only theirs, coordinators all; progress page and CSV export."""

import csv
import io

import pytest

from courses.services import enrollment_create, lesson_complete
from lms.roles import Role
from tests.factories import UserFactory

from .factories import lessons_of, make_cohort, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohorts(course, trainer):
    mine = make_cohort(course, name="Bari 2026", territory="bari", trainers=[trainer])
    other = make_cohort(course, name="Lecce 2026", territory="lecce")
    return mine, other


def test_trainer_sees_only_their_cohorts(trainer_client, cohorts):
    mine, other = cohorts
    text = trainer_client.get("/learn/cohorts/").text
    assert "Bari 2026" in text and "Lecce 2026" not in text
    assert trainer_client.get(f"/learn/cohorts/{mine.pk}/").status_code == 200
    assert trainer_client.get(f"/learn/cohorts/{other.pk}/").status_code == 404


def test_coordinator_sees_every_cohort(coordinator_client, cohorts):
    text = coordinator_client.get("/learn/cohorts/").text
    assert "Bari 2026" in text and "Lecce 2026" in text
    for cohort in cohorts:
        assert coordinator_client.get(f"/learn/cohorts/{cohort.pk}/").status_code == 200


def test_trainees_cannot_see_cohort_pages(trainee_client, cohorts):
    assert trainee_client.get("/learn/cohorts/").status_code == 403
    assert trainee_client.get(f"/learn/cohorts/{cohorts[0].pk}/").status_code == 403


def test_cohort_progress_shows_learners_by_module(trainer_client, course, cohorts):
    mine, _other = cohorts
    ada = UserFactory(
        role=Role.TRAINEE, first_name="Ada", last_name="Bianchi", profile__territory="bari"
    )
    bea = UserFactory(role=Role.TRAINEE, first_name="Bea", last_name="Rossi")
    for person in (ada, bea):
        enrollment_create(user=person, course=course, cohort=mine)
    for lesson in lessons_of(course)[:3]:
        lesson_complete(user=ada, lesson=lesson)
    response = trainer_client.get(f"/learn/cohorts/{mine.pk}/courses/{course.pk}/")
    rows = response.context["progress"].rows
    assert [row.enrollment.user for row in rows] == [ada, bea]
    assert rows[0].module_cells == [(2, 2), (1, 2)]
    assert rows[0].percent == 75
    assert rows[1].module_cells == [(0, 2), (0, 2)]
    # The e-mail beside the name tells apart two people called the same.
    assert (
        f'<th scope="row"><span dir="auto">Ada Bianchi</span>\n'
        f'      <small class="person-detail">{ada.email}</small></th>'
    ) in response.text


def test_cohort_progress_csv_export(trainer_client, course, cohorts):
    mine, _other = cohorts
    ada = UserFactory(role=Role.TRAINEE, first_name="=Ada", last_name="Bianchi")
    enrollment_create(user=ada, course=course, cohort=mine)
    lesson_complete(user=ada, lesson=lessons_of(course)[0])
    response = trainer_client.get(f"/learn/cohorts/{mine.pk}/courses/{course.pk}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[1][0] == "'=Ada Bianchi"  # a formula is defused
    assert rows[1][2:6] == ["1/2", "0/2", "1", "4"]


def test_trainer_cannot_export_another_cohort(trainer_client, course, cohorts):
    _mine, other = cohorts
    url = f"/learn/cohorts/{other.pk}/courses/{course.pk}/export.csv"
    assert trainer_client.get(url).status_code == 404


def test_course_not_followed_by_the_cohort_is_404(coordinator_client, catalog, cohorts):
    stranger = make_course(catalog, title="Estraneo", modules=1, lessons=1)
    url = f"/learn/cohorts/{cohorts[0].pk}/courses/{stranger.pk}/"
    assert coordinator_client.get(url).status_code == 404
