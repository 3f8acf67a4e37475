"""What certificates need to know about courses, in one place.

The ``courses`` app owns courses, cohorts, enrolment, progress and attendance; the
rest of this app asks through these functions, so the dependency stays one-way
(courses ← certificates) and easy to follow.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from courses.models import Cohort, Enrollment
from courses.selectors import cohorts_visible_to, people_visible_to
from lms.roles import territories_for


def cohorts_for(course) -> list[Cohort]:
    """Cohorts following ``course`` (any language version of it)."""
    return list(
        Cohort.objects.filter(courses__translation_key=course.translation_key)
        .distinct()
        .order_by("name")
    )


def cohorts_in_scope(course, user) -> list[Cohort]:
    """``cohorts_for(course)`` that ``user`` works with (a coordinator: their territories')."""
    visible = {cohort.pk for cohort in cohorts_visible_to(user)}
    return [cohort for cohort in cohorts_for(course) if cohort.pk in visible]


def in_scope(user, holder) -> bool:
    """True if ``user`` may see and act on ``holder``'s certificates as a coordinator
    (``courses.selectors.people_visible_to``: a programme coordinator everyone)."""
    if territories_for(user) is None:
        return True
    return people_visible_to(user).filter(pk=holder.pk).exists()


def learners(course, cohort: Cohort | None = None, *, for_user=None) -> QuerySet:
    """People enrolled in ``course`` (any language version), optionally in one cohort;
    given ``for_user``, only in the cohorts that person works with."""
    enrolled = Enrollment.objects.filter(course__translation_key=course.translation_key)
    if cohort is not None:
        enrolled = enrolled.filter(cohort=cohort)
    if for_user is not None and territories_for(for_user) is not None:
        enrolled = enrolled.filter(cohort__in=cohorts_visible_to(for_user).values("pk"))
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


def batch_in_scope(user, batch) -> bool:
    """An issue batch is a coordinator's if its cohort is in their territories (a batch
    for every cohort: if they asked for it, or they coordinate the whole programme)."""
    if territories_for(user) is None:
        return True
    if batch.cohort_id is None:
        return batch.requested_by_id == user.pk
    return cohorts_visible_to(user).filter(pk=batch.cohort_id).exists()
