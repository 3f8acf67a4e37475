"""Evaluators for the course-based criteria, registered when the courses app provides them."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from .criteria import Outcome, register_evaluator


def register() -> bool:
    """Register 'modules' and 'attendance' if ``courses`` has the needed selectors."""
    try:
        from courses.models import LessonProgress  # noqa: F401
        from courses.selectors import course_outlines  # noqa: F401
    except ImportError:
        return False
    register_evaluator("modules")(_modules)
    register_evaluator("attendance")(_attendance)
    return True


def _modules(rule, users) -> dict[int, Outcome]:
    from courses.models import LessonProgress
    from courses.selectors import course_outlines

    course = rule.course.specific
    outline = course_outlines([course])[course.pk]
    done: dict[int, set] = {}
    for user_id, key in LessonProgress.objects.filter(
        course__translation_key=course.translation_key, user__in=users
    ).values_list("user_id", "lesson__translation_key"):
        done.setdefault(user_id, set()).add(key)
    result = {}
    for user in users:
        keys = done.get(user.pk, set())
        left = [
            m.module.title
            for m in outline.modules
            if any(item.lesson.translation_key not in keys for item in m.lessons)
        ]
        result[user.pk] = (
            Outcome(True)
            if not left
            else Outcome(
                False, gettext("Modules to finish: %(modules)s") % {"modules": ", ".join(left)}
            )
        )
    return result


def _attendance(rule, users) -> dict[int, Outcome]:
    """Share of held workshop hours attended, as ``courses.selectors.attendance_share``
    computes it, for many learners in a fixed number of queries."""
    from courses.models import Attendance, Enrollment, WorkshopSession

    course = rule.course
    pairs = set(
        Enrollment.objects.filter(
            user__in=users, course__translation_key=course.translation_key, cohort__isnull=False
        ).values_list("user_id", "cohort_id", "course_id")
    )
    sessions = list(
        WorkshopSession.objects.filter(
            course__translation_key=course.translation_key,
            starts_at__lte=timezone.now(),
            cohort__in={cohort for _u, cohort, _c in pairs},
        ).values_list("pk", "cohort_id", "course_id", "hours")
    )
    statuses = {
        (user_id, session_id): status
        for user_id, session_id, status in Attendance.objects.filter(
            user__in=users, session__course__translation_key=course.translation_key
        ).values_list("user_id", "session_id", "status")
    }
    result = {}
    for user in users:
        due = attended = Decimal(0)
        for pk, cohort_id, course_id, hours in sessions:
            status = statuses.get((user.pk, pk))
            if status == Attendance.Status.PRESENT:
                attended += hours
            if (user.pk, cohort_id, course_id) in pairs and status != Attendance.Status.EXCUSED:
                due += hours
        share = round(100 * min(attended / due, Decimal(1))) if due else 0
        if due and share >= rule.min_attendance:
            result[user.pk] = Outcome(True)
        else:
            result[user.pk] = Outcome(
                False,
                gettext("Attended %(share)s%% of workshop hours, %(needed)s%% needed")
                % {"share": share, "needed": rule.min_attendance},
            )
    return result
