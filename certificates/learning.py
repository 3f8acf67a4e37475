"""What certificates need to know about courses, in one place.

The ``courses`` app owns courses, cohorts, enrolment, progress and attendance; the
rest of this app asks through these functions, so the dependency stays one-way
(courses ← certificates) and easy to follow.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from courses.models import Cohort, Enrollment


def cohorts_for(course) -> list[Cohort]:
    """Cohorts following ``course`` (any language version of it)."""
    return list(
        Cohort.objects.filter(courses__translation_key=course.translation_key)
        .distinct()
        .order_by("name")
    )


def learners(course, cohort: Cohort | None = None) -> QuerySet:
    """People enrolled in ``course`` (any language version), optionally in one cohort."""
    enrolled = Enrollment.objects.filter(course__translation_key=course.translation_key)
    if cohort is not None:
        enrolled = enrolled.filter(cohort=cohort)
    return (
        get_user_model()
        .objects.select_related("profile")
        .filter(pk__in=enrolled.values("user"))
        .order_by("last_name", "first_name", "email")
    )


def trains(trainer, learner, course) -> bool:
    """True if ``trainer`` trains a cohort in which ``learner`` follows ``course``."""
    return Enrollment.objects.filter(
        user=learner,
        course__translation_key=course.translation_key,
        cohort__trainers=trainer,
    ).exists()
