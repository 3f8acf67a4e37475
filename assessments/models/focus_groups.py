"""Focus-group needs analysis: a facilitator records what a group of association
leaders said about the programme's capabilities (the framework's top areas), and a
coordinator links a territory's needs to the modules that address them.

A group's *need* is rated on the self-assessment's scale (``LIKERT_CHOICES``, 1 = not
at all … 5 = very well: how well the group's associations manage it today), so the
needs view can set the two sources side by side. Quotes are kept only with the quoted
people's consent (a database constraint).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Territory

from .competencies import Competency, CompetencyFramework
from .self_assessments import LIKERT_CHOICES


class Priority(models.IntegerChoices):
    HIGH = 1, _("High priority")
    MEDIUM = 2, _("Medium priority")
    LOW = 3, _("Low priority")


class FocusGroup(models.Model):
    """One focus group: where, when, how many people, and what the facilitator noted."""

    framework = models.ForeignKey(
        CompetencyFramework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="focus_groups",
    )
    territory = models.CharField(_("territory"), max_length=20, choices=Territory.choices)
    held_on = models.DateField(_("date"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participant_count = models.PositiveSmallIntegerField(
        _("participants"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many people took part (with or without an account)."),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants with an account"),
        blank=True,
        related_name="focus_groups",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__gte=1), name="assessments_focus_group_people"
            )
        ]

    def __str__(self):
        return f"{self.get_territory_display()} · {self.held_on.isoformat()}"


class FocusGroupRating(models.Model):
    """The group's priority and rated need for one capability."""

    focus_group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="ratings")
    capability = models.ForeignKey(
        Competency, verbose_name=_("capability"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    need = models.PositiveSmallIntegerField(
        _("how well the associations manage it today"), choices=LIKERT_CHOICES
    )

    class Meta:
        verbose_name = _("focus-group rating")
        verbose_name_plural = _("focus-group ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["focus_group", "capability"], name="assessments_focus_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(need__gte=1, need__lte=5), name="assessments_focus_rating_likert"
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=3),
                name="assessments_focus_rating_priority",
            ),
        ]

    def __str__(self):
        return f"{self.focus_group_id} · {self.capability_id} = {self.need}"


class FocusGroupQuote(models.Model):
    """Words said in the group, kept because the people quoted agreed to it."""

    focus_group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="quotes")
    capability = models.ForeignKey(
        Competency,
        verbose_name=_("capability"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("quote"))
    consent = models.BooleanField(_("the people quoted agreed to be quoted"), default=False)

    class Meta:
        verbose_name = _("focus-group quote")
        verbose_name_plural = _("focus-group quotes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True), name="assessments_focus_quote_consent"
            )
        ]

    def __str__(self):
        return self.text[:60]


class TrainingPlanLink(models.Model):
    """The training plan: a coordinator says that a module addresses a territory's need
    in a capability (no territory: the need of the whole programme)."""

    territory = models.CharField(
        _("territory"), max_length=20, choices=Territory.choices, blank=True
    )
    capability = models.ForeignKey(
        Competency, verbose_name=_("capability"), on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training-plan link")
        verbose_name_plural = _("training-plan links")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "capability", "module"],
                name="assessments_training_plan_unique",
            )
        ]

    def __str__(self):
        return f"{self.territory or '*'} · {self.capability_id} → {self.module_id}"
