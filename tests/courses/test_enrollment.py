"""Enrolment: self-enrolment on open courses, by a coordinator, and who sees lessons."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from courses.models import Enrollment
from courses.services import enrollment_create

from .factories import lessons_of, make_cohort, make_course, translate_tree

pytestmark = pytest.mark.django_db


def test_self_enrolment_from_the_course_page(trainee_client, trainee, course):
    response = trainee_client.post(f"/learn/courses/{course.pk}/enrol/")
    first = lessons_of(course)[0]
    assert response.status_code == 302
    assert response["Location"] == first.url
    assert Enrollment.objects.get(user=trainee).course == course


def test_enrolling_twice_changes_nothing(trainee, course):
    first, created = enrollment_create(user=trainee, course=course)
    again, created_again = enrollment_create(user=trainee, course=course)
    assert created and not created_again
    assert first.pk == again.pk
    assert Enrollment.objects.count() == 1


def test_enrolment_is_unique_in_the_database(trainee, course):
    enrollment_create(user=trainee, course=course)
    with pytest.raises(IntegrityError):
        Enrollment.objects.create(user=trainee, course=course)


def test_closed_course_refuses_self_enrolment(trainee_client, trainee, catalog):
    closed = make_course(catalog, title="Su invito", self_enrollment=False)
    response = trainee_client.post(f"/learn/courses/{closed.pk}/enrol/", follow=True)
    assert not Enrollment.objects.filter(user=trainee).exists()
    assert "Questo corso non è aperto all&#x27;iscrizione autonoma." in response.text
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            enrollment_create(user=trainee, course=closed)
        assert error.value.messages == ["This course is not open for self-enrolment."]


def test_coordinator_can_enrol_in_a_closed_course(trainee, coordinator, catalog):
    closed = make_course(catalog, title="Su invito", self_enrollment=False)
    enrollment, created = enrollment_create(
        user=trainee, course=closed, source=Enrollment.Source.COORDINATOR, enrolled_by=coordinator
    )
    assert created and enrollment.enrolled_by == coordinator


def test_cohort_must_follow_the_course(trainee, catalog, course):
    other = make_course(catalog, title="Altro")
    cohort = make_cohort(other, name="Foggia 1", territory="foggia")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        enrollment_create(user=trainee, course=course, cohort=cohort)
    assert error.value.messages == ["The cohort Foggia 1 does not follow this course."]


def test_enrolling_from_the_english_page_enrols_in_the_course(trainee, catalog, course):
    translate_tree(catalog)
    course_en = course.get_translation(course.locale.__class__.objects.get(language_code="en"))
    enrollment, _created = enrollment_create(user=trainee, course=course_en)
    assert enrollment.course_id == course.pk


def test_anonymous_visitor_sees_the_overview_but_not_the_lessons(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert course.summary in response.text
    lesson = lessons_of(course)[0]
    assert lesson.title in response.text
    assert f'href="{lesson.url}"' not in response.text
    assert client.get(lesson.url)["Location"].startswith("/accounts/login/")


def test_trainee_not_enrolled_is_sent_back_to_the_overview(trainee_client, course):
    lesson = lessons_of(course)[0]
    response = trainee_client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"] == course.url
    page = trainee_client.get(course.url)
    assert f'href="{lesson.url}"' not in page.text
    assert "Iscriviti a questo corso" in page.text


def test_enrolled_trainee_sees_lesson_links(trainee_client, enrollment, course):
    lesson = lessons_of(course)[0]
    assert f'href="{lesson.url}"' in trainee_client.get(course.url).text
    assert trainee_client.get(lesson.url).status_code == 200


def test_trainer_can_read_lessons_without_enrolling(trainer_client, course):
    assert trainer_client.get(lessons_of(course)[0].url).status_code == 200
