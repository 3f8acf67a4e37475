"""Evaluators for the course-based criteria, registered when the courses app provides them."""

from django.utils.translation import gettext

from .criteria import Outcome, register_evaluator


def register() -> bool:
    """Register 'modules' and 'attendance' if ``courses`` has the needed selectors."""
    try:
        from courses.selectors import attendance_share, course_outlines  # noqa: F401

        from courses.models import LessonProgress  # noqa: F401
    except ImportError:
        return False
    register_evaluator("modules")(_modules)
    register_evaluator("attendance")(_attendance)
    return True


def _modules(rule, users) -> dict[int, Outcome]:
    from courses.selectors import course_outlines

    from courses.models import LessonProgress

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
    from courses.selectors import attendance_share

    course = rule.course.specific
    result = {}
    for user in users:
        share = round(attendance_share(user, course) * 100)
        if share >= rule.min_attendance:
            result[user.pk] = Outcome(True)
        else:
            result[user.pk] = Outcome(
                False,
                gettext("Attended %(share)s%% of workshop hours, %(needed)s%% needed")
                % {"share": share, "needed": rule.min_attendance},
            )
    return result
