"""Domain errors of courses, each with a message a person can act on.

As in the lab: a refusal the person can fix or understand is a ``CourseError`` (a
``ValidationError``, so forms and views show its message); an action their role or
enrolment does not allow is ``NotAllowed`` (a ``PermissionDenied``).
"""

from django.core.exceptions import PermissionDenied, ValidationError


class CourseError(ValidationError):
    """Something courses refuses to do, for a reason the person can fix or understand."""


class NotOpenForEnrolment(CourseError):
    """The course does not take self-enrolments, or the cohort does not follow it."""


class SessionStarted(CourseError):
    """The workshop session has already started."""


class SessionFull(CourseError):
    """No places left in a workshop session."""


class AttendanceRefused(CourseError):
    """Attendance names someone outside the session's cohort, or no valid status."""


class NotAllowed(PermissionDenied):
    """The person is not enrolled (in the course, or with the session's cohort)."""


class EnrollmentImportError(Exception):
    """The file cannot be imported; ``errors`` lists (line number, reason)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{line}: {reason}" for line, reason in errors))
