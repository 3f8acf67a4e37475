"""Training-needs self-assessments: Likert statements aligned to competencies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from .competencies import BilingualMixin, Competency, CompetencyFramework

LIKERT_CHOICES = [
    (1, _("Not at all")),
    (2, _("A little")),
    (3, _("Somewhat")),
    (4, _("Quite well")),
    (5, _("Very well")),
]


class SelfAssessment(BilingualMixin, ClusterableModel):
    """A questionnaire trainees fill at the start and at the end of a path."""

    name = models.CharField(_("title (Italian)"), max_length=200)
    name_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    name_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description = models.TextField(_("introduction (Italian)"), blank=True)
    description_en = models.TextField(_("introduction (English)"), blank=True)
    description_fr = models.TextField(_("introduction (French)"), blank=True)
    description_ar = models.TextField(_("introduction (Arabic)"), blank=True)
    framework = models.ForeignKey(
        CompetencyFramework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    is_open = models.BooleanField(_("open to trainees"), default=True)
    # The end-of-path questionnaire opens for a trainee when their path is complete,
    # or for everyone from the moment a coordinator opens it (the needs report's action).
    end_opened_at = models.DateTimeField(
        _("end self-assessment opened to everyone"), null=True, blank=True, editable=False
    )

    panels = [
        FieldRowPanel([FieldPanel(f"name{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldRowPanel([FieldPanel(f"description{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldPanel("framework"),
        FieldPanel("is_open"),
        InlinePanel("items", heading=_("Statements"), label=_("Statement"), min_num=1),
    ]

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["name"]

    def __str__(self):
        return self.display_name


class SelfAssessmentItem(BilingualMixin, Orderable):
    """A statement ("I can run a meeting where everyone speaks") rated 1–5."""

    assessment = ParentalKey(SelfAssessment, on_delete=models.CASCADE, related_name="items")
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("statement (Italian)"), max_length=300)
    name_en = models.CharField(_("statement (English)"), max_length=300, blank=True)
    name_fr = models.CharField(_("statement (French)"), max_length=300, blank=True)
    name_ar = models.CharField(_("statement (Arabic)"), max_length=300, blank=True)

    panels = [
        FieldPanel("competency"),
        FieldRowPanel([FieldPanel(f"name{s}") for s in ("", "_en", "_fr", "_ar")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.display_name


class SelfAssessmentResponse(models.Model):
    """One filling-in of a self-assessment by one trainee: one at the start of the path
    and one at the end, each editable by its author for ``EDIT_DAYS`` days (the answers
    change; the evidence is corrected by new evidence)."""

    EDIT_DAYS = 7

    class Phase(models.TextChoices):
        START = "start", _("Start of the path")
        END = "end", _("End of the path")

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="self_assessment_responses",
    )
    phase = models.CharField(_("when"), max_length=8, choices=Phase.choices)
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("self-assessment response")
        verbose_name_plural = _("self-assessment responses")
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"{self.user_id} · {self.assessment_id} · {self.phase}"


class SelfAssessmentAnswer(models.Model):
    response = models.ForeignKey(
        SelfAssessmentResponse, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(SelfAssessmentItem, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(_("answer"), choices=LIKERT_CHOICES)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="assessments_answer_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="assessments_answer_likert"
            ),
        ]

    def __str__(self):
        return f"{self.response_id} · {self.item_id} = {self.value}"
