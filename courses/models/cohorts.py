"""Cohorts and the workshop sessions they meet in, with registration and attendance."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Territory


class Cohort(models.Model):
    """Trainees in one territory following one or more courses with their trainers."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    territory = models.CharField(_("territory"), max_length=16, choices=Territory.choices)
    courses = models.ManyToManyField(
        "courses.CoursePage", verbose_name=_("courses"), related_name="cohorts"
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_cohorts",
        limit_choices_to={"groups__name": "trainer"},
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class WorkshopSession(models.Model):
    """A cooperative-learning meeting of a cohort, in person or online."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=2)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_sessions",
    )
    capacity = models.PositiveIntegerField(_("places"), default=20)
    register_closed_at = models.DateTimeField(_("register closed at"), null=True, blank=True)
    register_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("register closed by"),
    )
    # Kept in step with the registrations under a row lock (see session_register).
    registered_count = models.PositiveIntegerField(_("registered"), default=0, editable=False)

    class Meta:
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registered_count__lte=models.F("capacity")),
                name="session_not_overbooked",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="session_hours_positive"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.place and not self.online_url:
            raise ValidationError(_("Give a place, an online link or both."))

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)

    @property
    def ends_at(self):
        """When the session ends: its start plus its length in hours."""
        return self.starts_at + timedelta(minutes=int(self.hours * 60))


class SessionRegistration(models.Model):
    """A trainee's place in a workshop session."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="registration_unique_session_user"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.session}"


class AttendanceEntryQuerySet(models.QuerySet):
    def current(self):
        """Each person's latest entry per session (those no later entry supersedes)."""
        return self.filter(superseded_by__isnull=True)


class AttendanceEntry(models.Model):
    """One append-only line of a session's attendance register. A person's current
    status is their latest entry; a correction is a new entry that ``supersedes`` the
    previous one (with a reason once the register is closed). Rows are never changed
    or deleted: the model refuses it, and on PostgreSQL a trigger does too."""

    class Source(models.TextChoices):
        TRAINER = "trainer", _("Trainer")
        SELF = "self", _("Self-confirmation")

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.PROTECT, related_name="register_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance_entries"
    )
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Partial hours; empty means the whole session when present."),
    )
    arrived_at = models.TimeField(_("arrived at"), null=True, blank=True)
    left_at = models.TimeField(_("left at"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.TRAINER
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = AttendanceEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance entry")
        verbose_name_plural = _("attendance entries")
        ordering = ["session", "user", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user", "version"], name="attendance_entry_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gte=0),
                name="attendance_entry_hours_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.session}: {self.status} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("An attendance entry cannot be changed; add a correction."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An attendance entry cannot be deleted; add a correction."))

    @property
    def counted_hours(self):
        """Hours this entry counts for: present → partial hours or the session length."""
        if self.status != self.Status.PRESENT:
            return 0
        return self.hours if self.hours is not None else self.session.hours


class AttendanceConfirmation(models.Model):
    """A participant confirming their own presence with the session's code (or its
    QR), on their phone, during the session. One per person and session, never
    changed or deleted; ``entry`` is the ledger line it added (none when the trainer
    had already recorded them)."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.PROTECT, related_name="confirmations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance_confirmations"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    entry = models.OneToOneField(
        AttendanceEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmation",
        verbose_name=_("register line"),
    )

    class Meta:
        verbose_name = _("attendance self-confirmation")
        verbose_name_plural = _("attendance self-confirmations")
        ordering = ["session", "confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_confirmation_once")
        ]

    def __str__(self):
        return f"{self.user} @ {self.session}: {self.confirmed_at:%H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("A self-confirmation cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A self-confirmation cannot be deleted."))
