"""Reads: what a person may see of courses, progress, cohorts and sessions.

Every selector runs a fixed number of queries whatever the amount of data, so that
the pages built on them stay fast as the programme grows (see tests/courses/
test_query_counts.py). One module per concern, re-exported here:

- ``catalogue``: the courses listed, filtered and paged as cards;
- ``outline``: a course's modules and steps (lessons, and quizzes described by their
  app through the ``courses_outline_activities`` hook), with locks and progress;
- ``progress``: a person's enrolments, dashboard and journal; a cohort's progress;
- ``sessions``: workshop sessions, registrations and attended hours;
- ``online``: tracked online learning time, apart from workshop hours;
- ``registers``: a session's register as an auditor reads it (content, SHA-256, CSV).
"""

from .catalogue import (
    CARD_DEFERRED_FIELDS,
    CATALOG_PAGE_SIZE,
    LESSON_CONTENT_FIELDS,
    CatalogResults,
    CourseCard,
    catalog_courses,
    catalog_page,
    catalog_tags,
    language_coverage,
    language_labels,
    original_courses,
    translatable_courses,
    translation_status,
)
from .online import hours_by_course, online_hours, online_hours_for
from .outline import (
    STEPLEN,
    ActivityItem,
    CourseOutline,
    LessonItem,
    ModuleOutline,
    attach_courses,
    course_at,
    course_outline_for,
    course_outlines,
    course_path_of,
    courses_by_pk,
    describe_activities,
    step_locked_for,
    step_models,
)
from .progress import (
    CohortProgress,
    Dashboard,
    LearnerRow,
    can_see_lessons,
    cohort_progress,
    cohorts_visible_to,
    dashboard_for,
    enrollment_for,
    enrollment_for_lesson,
    journal_entry_for,
    journal_for,
    people_visible_to,
)
from .registers import (
    canonical_json,
    official_name,
    register_content,
    register_csv,
    register_sha256,
)
from .sessions import (
    attendance_share,
    attended_hours,
    ledger_hours,
    ledger_lines,
    session_open_to,
    session_roster,
    sessions_for_trainer,
    upcoming_sessions_for,
)

__all__ = [
    "hours_by_course",
    "online_hours",
    "online_hours_for",
    "canonical_json",
    "official_name",
    "register_content",
    "register_csv",
    "register_sha256",
    "CARD_DEFERRED_FIELDS",
    "CATALOG_PAGE_SIZE",
    "LESSON_CONTENT_FIELDS",
    "STEPLEN",
    "ActivityItem",
    "CatalogResults",
    "CohortProgress",
    "CourseCard",
    "CourseOutline",
    "Dashboard",
    "LearnerRow",
    "LessonItem",
    "ModuleOutline",
    "attendance_share",
    "attended_hours",
    "ledger_hours",
    "ledger_lines",
    "can_see_lessons",
    "catalog_courses",
    "catalog_page",
    "catalog_tags",
    "cohort_progress",
    "cohorts_visible_to",
    "course_outline_for",
    "course_outlines",
    "attach_courses",
    "course_at",
    "courses_by_pk",
    "course_path_of",
    "dashboard_for",
    "describe_activities",
    "enrollment_for",
    "enrollment_for_lesson",
    "journal_entry_for",
    "journal_for",
    "people_visible_to",
    "language_coverage",
    "language_labels",
    "original_courses",
    "translatable_courses",
    "session_open_to",
    "session_roster",
    "sessions_for_trainer",
    "step_locked_for",
    "step_models",
    "translation_status",
    "upcoming_sessions_for",
]
