"""The question bank: categories (a tree), questions with their answers, and versions.

A :class:`Question` is what trainers edit. What a trainee answers is a frozen
:class:`QuestionVersion` (a snapshot of the text, answers and marks): editing a question
that has been answered makes a new version, and past responses keep the one they saw.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from assessments.importers import QType, TextFormat

PATH_SEPARATOR = "/"
PATH_SEPARATOR_CHAR = PATH_SEPARATOR


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = QType.SINGLE_CHOICE.value, _("Single choice")
    MULTIPLE_RESPONSE = QType.MULTIPLE_RESPONSE.value, _("Multiple response")
    TRUE_FALSE = QType.TRUE_FALSE.value, _("True/false")
    SHORT_ANSWER = QType.SHORT_ANSWER.value, _("Short answer")
    NUMERICAL = QType.NUMERICAL.value, _("Numerical")
    MATCHING = QType.MATCHING.value, _("Matching")
    ORDERING = QType.ORDERING.value, _("Ordering")
    ESSAY = QType.ESSAY.value, _("Essay")
    DESCRIPTION = QType.DESCRIPTION.value, _("Description")
    LIKERT = QType.LIKERT.value, _("Rating scale (Likert)")


#: Types a computer can mark; essays wait for a trainer; the rest carry no mark.
AUTO_GRADED = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_RESPONSE,
        QuestionType.TRUE_FALSE,
        QuestionType.SHORT_ANSWER,
        QuestionType.NUMERICAL,
        QuestionType.MATCHING,
        QuestionType.ORDERING,
    }
)
UNGRADED = frozenset({QuestionType.DESCRIPTION, QuestionType.LIKERT})


class TextFormatChoices(models.TextChoices):
    MOODLE = TextFormat.MOODLE.value, _("Moodle auto-format")
    HTML = TextFormat.HTML.value, _("HTML")
    PLAIN = TextFormat.PLAIN.value, _("Plain text")
    MARKDOWN = TextFormat.MARKDOWN.value, _("Markdown")


def new_answer_key() -> str:
    """An opaque key for an answer: what the quiz form sends, revealing nothing."""
    return secrets.token_hex(6)


class QuestionCategory(models.Model):
    """A folder of the question bank; categories nest (``Peer coaching/Listening``)."""

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised so that "this category and its subcategories" is one index scan.
    full_path = models.CharField(_("path"), max_length=1000, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("description")]

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["full_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="assessments_category_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="assessments_category_unique_root_name",
            ),
        ]

    def __str__(self):
        return self.full_path

    def save(self, *args, **kwargs):
        old_path = self.full_path
        self.full_path = (
            f"{self.parent.full_path}{PATH_SEPARATOR}{self.name}" if self.parent else self.name
        )
        super().save(*args, **kwargs)
        if old_path and old_path != self.full_path:
            for child in self.children.all():
                child.save()

    def clean(self):
        if PATH_SEPARATOR in self.name:
            raise ValidationError({"name": _("A category name cannot contain “/”.")})
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            ancestor = ancestor.parent

    def descendant_filter(self, prefix: str = "") -> models.Q:
        """A filter on ``<prefix>full_path`` for this category and everything below it."""
        return models.Q(**{f"{prefix}full_path": self.full_path}) | models.Q(
            **{f"{prefix}full_path__startswith": self.full_path + PATH_SEPARATOR}
        )


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(index.Indexed, ClusterableModel):
    """A question of the bank, as trainers edit it (answers are inline children)."""

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    qtype = models.CharField(_("type"), max_length=24, choices=QuestionType.choices)
    name = models.CharField(_("name"), max_length=255)
    text = models.TextField(_("question text"), blank=True)
    text_format = models.CharField(
        _("text format"), max_length=12, choices=TextFormatChoices.choices, default="moodle"
    )
    general_feedback = models.TextField(
        _("general feedback"),
        blank=True,
        help_text=_("Shown after the attempt to everyone, whatever they answered."),
    )
    general_feedback_format = models.CharField(
        _("general feedback format"),
        max_length=12,
        choices=TextFormatChoices.choices,
        default="moodle",
    )
    default_mark = models.DecimalField(
        _("default mark"), max_digits=6, decimal_places=2, default=Decimal(1)
    )
    shuffle_answers = models.BooleanField(_("shuffle the answers"), default=True)
    case_sensitive = models.BooleanField(
        _("case sensitive"), default=False, help_text=_("Short answer only.")
    )
    correct_answer = models.BooleanField(
        _("the statement is true"), null=True, blank=True, help_text=_("True/false only.")
    )
    feedback_true = models.TextField(_("feedback for “true”"), blank=True)
    feedback_true_format = models.CharField(
        max_length=12, choices=TextFormatChoices.choices, default="moodle"
    )
    feedback_false = models.TextField(_("feedback for “false”"), blank=True)
    feedback_false_format = models.CharField(
        max_length=12, choices=TextFormatChoices.choices, default="moodle"
    )
    rubric = models.ForeignKey(
        "assessments.Rubric",
        verbose_name=_("rubric"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
        help_text=_("Essay only: the criteria a trainer scores."),
    )
    idnumber = models.CharField(_("ID number"), max_length=100, blank=True)
    # The digest of the imported text (interchange.parsed_hash): a re-import of the
    # same file finds the question by it and leaves it alone.
    source_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    current_version = models.ForeignKey(
        "assessments.QuestionVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A trainer's recorded explanation of the question (issue 19 item 4), heard during
    # the attempt: read live from the question, not from its versions (what is graded).
    audio_explanation = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("audio explanation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A recording that explains the question, never its answer: an audio file (MP3, "
            "M4A, WAV, OGG, Opus or WebM), stored as small mono Opus. "
            "Upload it as a document."
        ),
    )
    audio_transcript = models.TextField(
        _("transcript of the audio explanation"),
        blank=True,
        help_text=_("What the recording says, for people who cannot hear or play it."),
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("qtype"),
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("text"), FieldPanel("text_format")], heading=_("Question text")
        ),
        FieldPanel("default_mark"),
        InlinePanel("answers", heading=_("Answers"), label=_("Answer")),
        MultiFieldPanel(
            [
                FieldPanel("shuffle_answers"),
                FieldPanel("case_sensitive"),
                FieldPanel("correct_answer"),
                FieldPanel("feedback_true"),
                FieldPanel("feedback_false"),
                FieldPanel("rubric"),
            ],
            heading=_("Options for some types"),
        ),
        MultiFieldPanel(
            [FieldPanel("general_feedback"), FieldPanel("general_feedback_format")],
            heading=_("General feedback"),
        ),
        MultiFieldPanel(
            [FieldPanel("audio_explanation"), FieldPanel("audio_transcript")],
            heading=_("Audio explanation"),
        ),
        FieldPanel("tags"),
        FieldPanel("idnumber"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("text"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
        index.FilterField("qtype"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__full_path", "name", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.audio_explanation_id:
            from lms.audio import validate_audio_document

            try:
                validate_audio_document(self.audio_explanation)
            except ValidationError as error:
                raise ValidationError({"audio_explanation": error.messages}) from None
            if not self.audio_transcript.strip():
                raise ValidationError(
                    {
                        "audio_transcript": _(
                            "Write what the recording says: not everyone can hear it."
                        )
                    }
                )

    @property
    def is_graded(self) -> bool:
        return self.qtype not in UNGRADED


class QuestionAnswer(Orderable):
    """One answer of a question; which fields matter depends on the question's type.

    * choices (single, multiple, ordering in correct order, Likert scale points):
      ``text``, ``fraction``, ``feedback``
    * short answer: ``text`` (``*`` wildcard), ``fraction``, ``feedback``
    * numerical: ``value`` ± ``tolerance`` (empty value = any other answer), ``fraction``
    * matching: ``text`` is the sub-question, ``match_text`` its answer (an empty
      ``text`` is a distractor)
    """

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(max_length=16, default=new_answer_key, editable=False)
    text = models.TextField(_("answer"), blank=True)
    text_format = models.CharField(
        _("format"), max_length=12, choices=TextFormatChoices.choices, default="moodle"
    )
    fraction = models.DecimalField(
        _("credit"),
        max_digits=9,
        decimal_places=7,
        default=Decimal(0),
        help_text=_("1 is full credit, 0.5 half, a negative value a penalty."),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    feedback_format = models.CharField(
        max_length=12, choices=TextFormatChoices.choices, default="moodle"
    )
    value = models.DecimalField(_("number"), max_digits=24, decimal_places=7, null=True, blank=True)
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=24, decimal_places=7, default=Decimal(0)
    )
    match_text = models.TextField(_("matching answer"), blank=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("fraction"),
        FieldPanel("feedback"),
        FieldPanel("value"),
        FieldPanel("tolerance"),
        FieldPanel("match_text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")


class QuestionVersion(models.Model):
    """An immutable snapshot of a question as trainees saw it.

    ``data`` holds everything needed to show and mark the question (see
    :mod:`assessments.snapshots`), so taking and grading a quiz needs no extra query
    per question, and later edits never change a past attempt.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="assessments_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.question_id} v{self.number}"

    @property
    def qtype(self) -> str:
        return self.data["qtype"]
