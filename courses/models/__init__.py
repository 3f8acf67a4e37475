"""Courses models, split by concern and re-exported here."""

from .calendar import CalendarFeed
from .cohorts import (
    AttendanceConfirmation,
    AttendanceEntry,
    Cohort,
    SessionRegistration,
    WorkshopSession,
)
from .learning import Enrollment, JournalEntry, LessonProgress, OnlineLearningTime
from .offline import OfflineAction
from .pages import CatalogPage, CoursePage, CourseTag, LessonPage, ModulePage, canonical_page

__all__ = [
    "AttendanceConfirmation",
    "AttendanceEntry",
    "CalendarFeed",
    "CatalogPage",
    "Cohort",
    "CoursePage",
    "CourseTag",
    "Enrollment",
    "JournalEntry",
    "LessonPage",
    "LessonProgress",
    "ModulePage",
    "OfflineAction",
    "OnlineLearningTime",
    "SessionRegistration",
    "WorkshopSession",
    "canonical_page",
]
