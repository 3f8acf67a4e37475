"""What certificates need to know about courses, in one place.

The ``courses`` app owns courses, cohorts, enrolment, progress and attendance; the
rest of this app asks through these functions only, so the dependency stays
one-way (courses ← certificates).
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet


def course_model():
    """``courses.CoursePage`` once the courses app provides it, else None."""
    try:
        from courses.models import CoursePage
    except ImportError:
        return None
    return CoursePage


def is_course_page(page) -> bool:
    model = course_model()
    if model is None:
        return True
    return isinstance(page.specific, model)


def course_pages() -> QuerySet:
    """The pages a rule may point at (live course pages, or every page before courses)."""
    from wagtail.models import Page

    model = course_model()
    if model is None:
        return Page.objects.filter(depth__gt=1)
    return model.objects.all()


def cohort_model():
    try:
        from courses.models import Cohort
    except ImportError:
        return None
    return Cohort


def cohorts_for(course) -> list:
    """Cohorts following ``course`` (empty before the courses app has cohorts)."""
    model = cohort_model()
    if model is None:
        return []
    return list(model.objects.filter(courses__translation_key=course.translation_key).distinct())


def learners(course, cohort=None) -> QuerySet:
    """People enrolled in ``course`` (any language version), optionally in one cohort."""
    users = get_user_model().objects.select_related("profile")
    try:
        from courses.models import Enrollment
    except ImportError:
        return users.none()
    enrolled = Enrollment.objects.filter(course__translation_key=course.translation_key)
    if cohort is not None:
        enrolled = enrolled.filter(cohort=cohort)
    return users.filter(pk__in=enrolled.values("user")).order_by("last_name", "first_name", "email")


def trains(trainer, learner, course) -> bool:
    """True if ``trainer`` trains a cohort in which ``learner`` follows ``course``."""
    try:
        from courses.models import Enrollment
    except ImportError:
        return False
    return Enrollment.objects.filter(
        user=learner,
        course__translation_key=course.translation_key,
        cohort__trainers=trainer,
    ).exists()
