"""Competency frameworks: proficiency scales, the competency tree, rules and alignments.

Names and descriptions are in four languages: ``name`` (Italian, the programme's
language, required), ``name_en``, ``name_fr`` and ``name_ar`` (and ``description_*``
alike). ``display_name`` follows the active language; without a text in it the reader
gets the Italian (English only when there is no Italian), and ``display_name_language``
says which language was shown, so templates can mark a fallback with ``lang``/``dir``.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

# Moodle's taxonomy terms for a level of the tree (tool_lpimportcsv "Taxonomy").
TAXONOMY_TERMS = (
    "behaviour",
    "competency",
    "concept",
    "domain",
    "indicator",
    "level",
    "outcome",
    "practice",
    "proficiency",
    "skill",
    "value",
)


#: The languages names and descriptions may have besides Italian (``<field>_<code>``).
NAME_LANGUAGES = ("en", "fr", "ar")


class BilingualMixin:
    """``display_name`` / ``display_description`` in the active language, falling back
    to Italian (then English); ``display_name_language`` / ``display_description_language``
    say which language that text is in."""

    def _pick(self, field: str) -> tuple[str, str]:
        language = (translation.get_language() or "it").split("-")[0]
        if language in NAME_LANGUAGES:
            text = getattr(self, f"{field}_{language}", "") or ""
            if text:
                return text, language
        italian = getattr(self, field, "") or ""
        if italian:
            return italian, "it"
        english = getattr(self, f"{field}_en", "") or ""
        return english, ("en" if english else "it")

    @property
    def display_name(self) -> str:
        return self._pick("name")[0]

    @property
    def display_name_language(self) -> str:
        return self._pick("name")[1]

    @property
    def display_description(self) -> str:
        return self._pick("description")[0]

    @property
    def display_description_language(self) -> str:
        return self._pick("description")[1]


class ProficiencyScale(BilingualMixin, ClusterableModel):
    """Ordered levels (1 Beginner … 4 Expert) and the level from which one is proficient.

    A scale cannot change once a rating or evidence uses it: past judgements would
    silently change meaning.
    """

    name = models.CharField(_("name (Italian)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    proficient_from = models.PositiveSmallIntegerField(
        _("proficient from level"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("The number of the first level that counts as proficient."),
    )

    panels = [
        FieldRowPanel([FieldPanel(f"name{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldPanel("proficient_from"),
        InlinePanel("levels", heading=_("Levels"), label=_("Level"), min_num=2),
    ]

    class Meta:
        verbose_name = _("proficiency scale")
        verbose_name_plural = _("proficiency scales")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def is_in_use(self) -> bool:
        """True once any rating or levelled evidence refers to a framework on this scale."""
        if not self.pk:
            return False
        # Through the competencies' reverse relations, so that this module needs no
        # import of the evidence models (which import it).
        on_scale = Competency.objects.filter(framework__scale=self)
        return (
            on_scale.filter(ratings__isnull=False).exists()
            or on_scale.filter(evidence__level__isnull=False).exists()
        )

    def level_list(self) -> list[ScaleLevel]:
        """Levels in order, numbered 1…n (uses a prefetch when there is one)."""
        return sorted(self.levels.all(), key=lambda level: level.sort_order or 0)


class ScaleLevel(BilingualMixin, Orderable):
    """One level of a scale; its number is its position (1-based)."""

    scale = ParentalKey(ProficiencyScale, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name (Italian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=80, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=80, blank=True)

    panels = [FieldRowPanel([FieldPanel(f"name{s}") for s in ("", "_en", "_fr", "_ar")])]

    class Meta(Orderable.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return self.display_name


class CompetencyFramework(BilingualMixin, ClusterableModel):
    """A tree of areas → competencies → indicators on one proficiency scale."""

    idnumber = models.CharField(
        _("ID number"),
        max_length=100,
        unique=True,
        help_text=_("A short stable code, used by imports and exports."),
    )
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name (Italian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    scale = models.ForeignKey(
        ProficiencyScale,
        verbose_name=_("proficiency scale"),
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    # CASE's lastChangeDateTime (with the competencies' own): the last real change.
    updated_at = models.DateTimeField(auto_now=True)
    taxonomies = models.CharField(
        _("taxonomy per level"),
        max_length=200,
        default="domain,competency,indicator",
        help_text=_("Comma-separated labels for each level of the tree, top first."),
    )

    panels = [
        FieldPanel("idnumber"),
        FieldRowPanel([FieldPanel(f"name{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldRowPanel([FieldPanel(f"description{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldPanel("scale"),
        FieldPanel("taxonomies"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.FilterField("idnumber"),
    ]

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["idnumber"]

    def __str__(self):
        return self.display_name

    def clean(self):
        terms = [term.strip() for term in self.taxonomies.split(",") if term.strip()]
        unknown = [term for term in terms if term not in TAXONOMY_TERMS]
        if unknown:
            raise ValidationError(
                {
                    "taxonomies": _("Unknown taxonomy label: %(label)s. Use one of: %(terms)s.")
                    % {"label": unknown[0], "terms": ", ".join(TAXONOMY_TERMS)}
                }
            )
        self.taxonomies = ",".join(terms)
        if self.pk:
            old_scale_id = (
                CompetencyFramework.objects.filter(pk=self.pk)
                .values_list("scale_id", flat=True)
                .first()
            )
            if old_scale_id and old_scale_id != self.scale_id:
                rated = Competency.objects.filter(framework=self, ratings__isnull=False)
                if rated.exists():
                    raise ValidationError(
                        {"scale": _("The scale cannot change: learners already have ratings.")}
                    )

    def taxonomy_for_depth(self, depth: int) -> str:
        """The taxonomy label of tree level ``depth`` (0 = top)."""
        terms = [term for term in self.taxonomies.split(",") if term]
        if not terms:
            return "competency"
        return terms[min(depth, len(terms) - 1)]


class RuleType(models.TextChoices):
    """How evidence becomes a rating (see ``assessments.competencies.rules``)."""

    LATEST_TRAINER = "latest_trainer", _("Latest trainer rating")
    QUIZ_AVERAGE = "quiz_average", _("Average of the latest quiz results")
    OBSERVATIONS = "observations", _("Observations at a level")
    ALL_CHILDREN = "all_children", _("All sub-competencies proficient")
    SIGNOFF = "signoff", _("Trainer sign-off")


class Competency(BilingualMixin, models.Model):
    """A node of a framework's tree: an area, a competency or an indicator."""

    framework = models.ForeignKey(
        CompetencyFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    idnumber = models.CharField(_("ID number"), max_length=100)
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    # A CASE fullStatement has no length limit, so neither has the name.
    name = models.TextField(_("name (Italian)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    name_fr = models.TextField(_("name (French)"), blank=True)
    name_ar = models.TextField(_("name (Arabic)"), blank=True)
    description = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # CASE's lastChangeDateTime: the last real change of this competency.
    updated_at = models.DateTimeField(auto_now=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("related competencies"), blank=True, symmetrical=True
    )
    rule_type = models.CharField(
        _("rating rule"),
        max_length=20,
        choices=RuleType.choices,
        default=RuleType.LATEST_TRAINER,
    )
    rule_count = models.PositiveSmallIntegerField(
        _("how many"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Quiz results to average, or observations needed."),
    )
    rule_min_percent = models.PositiveSmallIntegerField(
        _("minimum average (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_("For the quiz rule: the average needed."),
    )
    rule_counts_peers = models.BooleanField(
        _("peer observations count"),
        default=True,
        help_text=_(
            "For the observations rule: whether observations by authorised peer coaches "
            "count towards it (they are always shown, labelled as peer observations)."
        ),
    )

    panels = [
        FieldPanel("framework"),
        FieldPanel("parent"),
        FieldPanel("idnumber"),
        FieldRowPanel([FieldPanel(f"name{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldRowPanel([FieldPanel(f"description{s}") for s in ("", "_en", "_fr", "_ar")]),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [
                FieldPanel("rule_type"),
                FieldPanel("rule_count"),
                FieldPanel("rule_min_percent"),
                FieldPanel("rule_counts_peers"),
            ],
            heading=_("Rating rule"),
        ),
        FieldPanel("related"),
    ]

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "sort_order", "idnumber"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "idnumber"], name="assessments_competency_idnumber_unique"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="assessments_competency_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.idnumber} · {self.display_name}"

    def clean(self):
        if self.parent_id:
            if self.parent.framework_id != self.framework_id:
                raise ValidationError(
                    {"parent": _("The parent must belong to the same framework.")}
                )
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("A competency cannot sit under itself or its children.")}
                    )
                node = node.parent
        if self.rule_type == RuleType.ALL_CHILDREN and self.pk and not self.children.exists():
            raise ValidationError(
                {"rule_type": _("This rule needs sub-competencies; this one has none.")}
            )


class CompetencyAlignment(models.Model):
    """Says that a piece of learning develops or assesses a competency.

    Exactly one target is set: a page (course, module or lesson — any page type, so
    new page types align without a migration), a workshop session, a question of the
    bank or a rubric criterion. Graded answers to aligned questions and rubric scores
    on aligned criteria become evidence automatically.
    """

    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.CASCADE,
        related_name="alignments",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("course, module or lesson"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competency_alignments",
    )
    session = models.ForeignKey(
        "courses.WorkshopSession",
        verbose_name=_("workshop session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competency_alignments",
    )

    question = models.ForeignKey(
        "assessments.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competency_alignments",
    )
    criterion = models.ForeignKey(
        "assessments.RubricCriterion",
        verbose_name=_("rubric criterion"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competency_alignments",
    )

    panels = [
        FieldPanel("competency"),
        FieldPanel("page"),
        FieldPanel("session"),
        FieldPanel("question"),
        FieldPanel("criterion"),
    ]

    class Meta:
        verbose_name = _("competency alignment")
        verbose_name_plural = _("competency alignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        page__isnull=False,
                        session__isnull=True,
                        question__isnull=True,
                        criterion__isnull=True,
                    )
                    | Q(
                        page__isnull=True,
                        session__isnull=False,
                        question__isnull=True,
                        criterion__isnull=True,
                    )
                    | Q(
                        page__isnull=True,
                        session__isnull=True,
                        question__isnull=False,
                        criterion__isnull=True,
                    )
                    | Q(
                        page__isnull=True,
                        session__isnull=True,
                        question__isnull=True,
                        criterion__isnull=False,
                    )
                ),
                name="assessments_alignment_one_target",
                violation_error_message=_(
                    "Choose exactly one: a page, a workshop session, a question or a rubric "
                    "criterion."
                ),
            ),
            models.UniqueConstraint(
                fields=["competency", "page"], name="assessments_alignment_page_unique"
            ),
            models.UniqueConstraint(
                fields=["competency", "session"], name="assessments_alignment_session_unique"
            ),
            models.UniqueConstraint(
                fields=["competency", "question"], name="assessments_alignment_question_unique"
            ),
            models.UniqueConstraint(
                fields=["competency", "criterion"],
                name="assessments_alignment_criterion_unique",
            ),
        ]

    def __str__(self):
        return f"{self.target} → {self.competency}"

    @property
    def target(self):
        return self.page or self.session or self.question or self.criterion
