"""Quizzes: a page placed in a module, made of fixed questions and random draws."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from lms.i18n import LocalizedPageMixin

from .questions import Question, QuestionCategory

#: Answers that arrive later than this after the time limit do not count.
GRACE = timedelta(seconds=30)


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest grade")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of the attempts")
    FIRST = "first", _("First attempt")


class ReviewWhen(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_SUBMIT = "after_submit", _("After submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")


class QuizPage(LocalizedPageMixin, Page):
    """A quiz inside a module: settings here, questions as slots."""

    introduction = models.TextField(_("introduction"), blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=12,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_answers = models.BooleanField(
        _("shuffle the answers"),
        default=True,
        help_text=_("Within each question that allows it."),
    )
    questions_per_page = models.PositiveSmallIntegerField(
        _("questions per page"), default=0, help_text=_("0 puts every question on one page.")
    )
    review_score = models.CharField(
        _("show the score"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_SUBMIT,
    )
    review_correctness = models.CharField(
        _("show right or wrong"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_SUBMIT,
    )
    review_feedback = models.CharField(
        _("show feedback"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_SUBMIT,
    )
    review_correct_answers = models.CharField(
        _("show the correct answers"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_CLOSE,
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("slots", heading=_("Questions"), label=_("Question or random draw")),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("time_limit_minutes"),
                FieldPanel("max_attempts"),
                FieldPanel("grading_method"),
                FieldPanel("pass_mark"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_answers"),
                FieldPanel("questions_per_page"),
            ],
            heading=_("Timing and grading"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("review_score"),
                FieldPanel("review_correctness"),
                FieldPanel("review_feedback"),
                FieldPanel("review_correct_answers"),
            ],
            heading=_("Review after submission"),
        ),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    @property
    def question_count(self) -> int:
        """How many questions an attempt holds (fixed ones plus those drawn)."""
        return sum(
            1 if slot.kind == QuizSlot.Kind.FIXED else slot.count for slot in self.slots.all()
        )

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})

    def serve(self, request, *args, **kwargs):
        from assessments.views import quiz_serve

        return quiz_serve(request, self)

    def serve_preview(self, request, mode_name):
        from assessments.views import quiz_preview

        return quiz_preview(request, self)

    @property
    def works_offline(self) -> bool:
        """A practice quiz: no time limit, no closing date, unlimited attempts. Its
        answers may be written offline and sent later (nothing about it runs out);
        any other quiz needs a connection, so its deadline rules stay the server's."""
        return not self.time_limit_minutes and self.closes_at is None and not self.max_attempts

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now < self.closes_at
        )

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closes_at is not None and now >= self.closes_at

    def review_allows(self, option: str, now=None) -> bool:
        """Whether review option ``option`` (e.g. ``"review_feedback"``) is visible now."""
        when = getattr(self, option)
        if when == ReviewWhen.AFTER_SUBMIT:
            return True
        return when == ReviewWhen.AFTER_CLOSE and self.is_closed(now)


class QuizSlot(Orderable):
    """One place in a quiz: a fixed question, or N questions drawn from a category."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("A chosen question")
        RANDOM = "random", _("Random questions from a category")

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FIXED)
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    include_subcategories = models.BooleanField(_("include subcategories"), default=True)
    tag = models.CharField(_("only with tag"), max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)
    mark = models.DecimalField(
        _("mark"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the question's default mark."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("question"),
        FieldPanel("category"),
        FieldPanel("include_subcategories"),
        FieldPanel("tag"),
        FieldPanel("count"),
        FieldPanel("mark"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz slot")
        verbose_name_plural = _("quiz slots")

    def clean(self):
        if self.kind == self.Kind.FIXED and not self.question_id:
            raise ValidationError({"question": _("Choose a question.")})
        if self.kind == self.Kind.RANDOM and not self.category_id:
            raise ValidationError({"category": _("Choose a category to draw from.")})
        if self.kind == self.Kind.RANDOM and self.count < 1:
            raise ValidationError({"count": _("Draw at least one question.")})
