"""Attempts and responses: what a trainee answered, when, and how it was marked.

Transactional records with database constraints: at most one open attempt per person
and quiz (a partial unique constraint, so two concurrent "start" requests cannot both
succeed) and one response per question per attempt.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .quizzes import GRACE, QuizPage
from .rubrics import RubricCriterion, RubricLevel


class Attempt(models.Model):
    """One sitting of a quiz by one person."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        NEEDS_GRADING = "needs_grading", _("Waiting for a trainer")
        GRADED = "graded", _("Graded")

    quiz = models.ForeignKey(
        QuizPage, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("time limit ends"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_by_timeout = models.BooleanField(_("closed when time ran out"), default=False)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=3, null=True, blank=True)
    max_score = models.DecimalField(
        _("maximum score"), max_digits=8, decimal_places=3, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=models.Q(state="in_progress"),
                name="assessments_attempt_one_open",
            ),
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="assessments_attempt_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.quiz_id}/{self.user_id} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    def accepts_answers_at(self, when) -> bool:
        """Answers count until the deadline plus the grace period (none without a limit)."""
        return self.is_open and (self.deadline is None or when <= self.deadline + GRACE)

    @property
    def percent(self) -> Decimal | None:
        if self.score is None:
            return None
        if not self.max_score:
            return Decimal(0)
        return (self.score * 100 / self.max_score).quantize(Decimal("0.01"))


class Response(models.Model):
    """The answer to one question (one frozen version of it) within one attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    position = models.PositiveSmallIntegerField()
    page = models.PositiveSmallIntegerField(default=1)
    question = models.ForeignKey(
        "assessments.Question", on_delete=models.PROTECT, related_name="responses"
    )
    version = models.ForeignKey(
        "assessments.QuestionVersion", on_delete=models.PROTECT, related_name="responses"
    )
    # The answer keys in the order this trainee was shown them.
    order = models.JSONField(default=list, blank=True)
    answer = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    # "Flag for later": the trainee's own reminder, shown in the question strip.
    flagged = models.BooleanField(_("flagged for later"), default=False)
    score = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=3, default=Decimal(0))
    feedback = models.TextField(_("trainer's feedback"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="assessments_response_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.attempt_id}:{self.position}"

    @property
    def data(self) -> dict:
        return self.version.data


class RubricScore(models.Model):
    """The level a trainer chose for one criterion of one essay response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="rubric_scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rubric score")
        verbose_name_plural = _("rubric scores")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "criterion"], name="assessments_rubricscore_unique"
            )
        ]

    def __str__(self):
        return f"{self.response_id}: {self.criterion_id}={self.level_id}"
