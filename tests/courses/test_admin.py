"""The courses admin: cohorts, sessions and enrolments for coordinators, via the services."""

import pytest

from courses.models import Cohort, Enrollment

from .factories import make_cohort

pytestmark = pytest.mark.django_db


def test_coordinator_sees_the_courses_admin(coordinator_client, course):
    make_cohort(course, name="Bari 2026")
    for url in ("/admin/cohort/", "/admin/workshopsession/", "/admin/enrollment/"):
        assert coordinator_client.get(url).status_code == 200, url
    assert "Bari 2026" in coordinator_client.get("/admin/cohort/").text


def test_trainers_do_not_get_the_whole_programme_in_the_admin(trainer_client, course):
    make_cohort(course, name="Lecce 2026")
    response = trainer_client.get("/admin/cohort/")
    assert response.status_code == 302
    assert "Lecce 2026" not in trainer_client.get("/admin/", follow=True).text


def test_coordinator_creates_a_cohort(coordinator_client, course, trainer):
    response = coordinator_client.post(
        "/admin/cohort/new/",
        {
            "name": "Foggia 2026",
            "territory": "foggia",
            "courses": [course.pk],
            "trainers": [trainer.pk],
            "starts_on": "",
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Foggia 2026")
    assert list(cohort.trainers.all()) == [trainer]


def test_admin_enrolment_goes_through_the_service(coordinator_client, coordinator, trainee, course):
    cohort = make_cohort(course, name="Bari 2026")
    response = coordinator_client.post(
        "/admin/enrollment/new/", {"user": trainee.pk, "course": course.pk, "cohort": cohort.pk}
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(user=trainee)
    assert enrollment.source == Enrollment.Source.COORDINATOR
    assert enrollment.enrolled_by == coordinator
    assert enrollment.cohort == cohort


def test_admin_enrolment_in_a_cohort_of_another_course_is_refused(
    coordinator_client, trainee, catalog, course
):
    from .factories import make_course

    other = make_course(catalog, title="Altro", modules=1, lessons=1)
    cohort = make_cohort(other, name="Lecce 2026")
    response = coordinator_client.post(
        "/admin/enrollment/new/", {"user": trainee.pk, "course": course.pk, "cohort": cohort.pk}
    )
    assert response.status_code == 200
    assert "Il gruppo classe Lecce 2026 non segue questo corso." in response.text
    assert not Enrollment.objects.exists()


def test_personal_data_export_includes_courses(trainee_client, trainee, course, enrollment):
    from courses.services import journal_save, lesson_complete

    from .factories import lessons_of

    lesson = lessons_of(course)[0]
    lesson_complete(user=trainee, lesson=lesson)
    journal_save(user=trainee, lesson=lesson, text="Il mio pensiero")
    data = trainee_client.get("/accounts/profile/export/").json()
    courses = data["courses"]
    assert courses["enrollments"][0]["course"] == course.title
    assert courses["completed_lessons"][0]["lesson"] == lesson.title
    assert courses["journal"][0]["text"] == "Il mio pensiero"


def test_admin_forms_offer_original_courses_only(coordinator_client, catalog, course):
    from .factories import translate_tree

    translate_tree(catalog)
    for url in ("/admin/cohort/new/", "/admin/workshopsession/new/", "/admin/enrollment/new/"):
        response = coordinator_client.get(url)
        field = (
            response.context["form"].fields.get("courses")
            or response.context["form"].fields["course"]
        )
        assert list(field.queryset) == [course], url
