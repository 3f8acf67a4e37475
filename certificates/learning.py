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


def cohort_names(course, users) -> dict[int, str]:
    """{user_id: "Cohort A, Cohort B"}: the cohorts in which each of ``users`` follows
    ``course``, so that two people with the same name can be told apart. One query."""
    names: dict[int, list[str]] = {}
    for user_id, name in (
        Enrollment.objects.filter(
            course__translation_key=course.translation_key, user__in=users, cohort__isnull=False
        )
        .order_by("cohort__name")
        .values_list("user_id", "cohort__name")
    ):
        if name not in names.setdefault(user_id, []):
            names[user_id].append(name)
    return {user_id: ", ".join(values) for user_id, values in names.items()}


def trains(trainer, learner, course) -> bool:
    """True if ``trainer`` trains a cohort in which ``learner`` follows ``course``."""
    return Enrollment.objects.filter(
        user=learner,
        course__translation_key=course.translation_key,
        cohort__trainers=trainer,
    ).exists()
