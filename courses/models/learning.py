"""What a trainee does in a course: enrolment, lesson progress, journal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrollment(models.Model):
    """A person following a course, optionally as part of a cohort."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolment")
        COORDINATOR = "coordinator", _("Enrolled by a coordinator")
        IMPORT = "import", _("CSV import")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    source = models.CharField(_("how"), max_length=16, choices=Source.choices, default=Source.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("enrolled on"), auto_now_add=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("last lesson opened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollment_unique_user_course")
        ]

    def __str__(self):
        return f"{self.user} → {self.course}"


class LessonProgress(models.Model):
    """A lesson a trainee has completed (one row per person and lesson)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="progress"
    )
    # Denormalised so that a course's progress is one indexed query.
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed on"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="progress_unique_user_lesson")
        ]
        indexes = [models.Index(fields=["user", "course"], name="progress_user_course")]

    def __str__(self):
        return f"{self.user} ✓ {self.lesson}"


class JournalEntry(models.Model):
    """A trainee's private answer to a lesson's reflection prompt."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="journal_entries"
    )
    prompt = models.TextField(_("prompt"))
    text = models.TextField(_("my reflection"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="journal_unique_user_lesson")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


class OnlineLearningTime(models.Model):
    """Time a trainee spent on a lesson or quiz page online, one row per page visit
    (``visit``: a random id the page makes when it opens). The page's beacon reports
    the seconds it was visible so far; a visit counts at most ``CAP_SECONDS`` (an
    open tab does not count for hours) and never more than the time since it began.
    Kept apart from the attendance ledger: online time is never workshop hours."""

    CAP_SECONDS = 30 * 60

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="online_learning_time",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visit = models.UUIDField(_("visit"))
    started_at = models.DateTimeField(_("started at"))
    updated_at = models.DateTimeField(_("last beacon at"))
    seconds = models.PositiveIntegerField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("online learning time")
        verbose_name_plural = _("online learning time")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "visit"], name="online_time_one_row_per_visit"),
            models.CheckConstraint(
                condition=models.Q(seconds__lte=30 * 60), name="online_time_capped_30_minutes"
            ),
        ]
        indexes = [models.Index(fields=["user", "course"], name="online_time_user_course")]

    def __str__(self):
        return f"{self.user} · {self.course}: {self.seconds}s"
