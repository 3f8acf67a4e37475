"""A participatory path, its stages and the small groups that write together."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField

from content.blocks import BaseStreamBlock


class StageKind(models.TextChoices):
    """The four stages, in the order a path moves through them."""

    PROBLEMS = "problems", _("Problems")
    HYPOTHESES = "hypotheses", _("Hypotheses of solution")
    PROPOSALS = "proposals", _("Proposals")
    FOLLOW_UP = "follow_up", _("Follow-up")


STAGE_ORDER = [StageKind.PROBLEMS, StageKind.HYPOTHESES, StageKind.PROPOSALS, StageKind.FOLLOW_UP]


class StageStatus(models.TextChoices):
    PLANNED = "planned", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ParticipatoryPath(ClusterableModel):
    """A cohort's way from local problems to proposals for the local administration."""

    title = models.CharField(_("title"), max_length=200)
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="participatory_paths",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("workshop course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = models.TextField(_("introduction"), blank=True)
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many problems each participant may vote for."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("cohort"),
        FieldPanel("course"),
        FieldPanel("introduction"),
        FieldPanel("votes_per_participant"),
        InlinePanel("stages", label=_("Stages")),
    ]

    class Meta:
        verbose_name = _("participatory path")
        verbose_name_plural = _("participatory paths")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(votes_per_participant__gte=1), name="lab_path_votes_positive"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:lab:path", args=[self.pk])


class Stage(models.Model):
    """One stage of a path, opened and closed by its facilitator."""

    path = ParentalKey(
        ParticipatoryPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=StageStatus.choices, default=StageStatus.PLANNED
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    instructions = StreamField(BaseStreamBlock(), verbose_name=_("instructions"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_lab_stages",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("kind"),
        FieldPanel("opens_on"),
        FieldPanel("closes_on"),
        FieldPanel("facilitator"),
        FieldPanel("instructions"),
    ]

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["path", "kind"], name="lab_stage_unique_kind"),
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="lab_stage_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.path} · {self.get_kind_display()}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The stage closes before it opens.")})

    @property
    def position(self) -> int:
        return STAGE_ORDER.index(self.kind) + 1

    @property
    def is_open(self) -> bool:
        return self.status == StageStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == StageStatus.CLOSED


class LabGroup(models.Model):
    """A small mixed group that drafts hypotheses and writes a proposal together."""

    path = models.ForeignKey(
        ParticipatoryPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="lab_groups"
    )

    class Meta:
        verbose_name = _("lab group")
        verbose_name_plural = _("lab groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["path", "name"], name="lab_group_unique_name")
        ]

    def __str__(self):
        return self.name
