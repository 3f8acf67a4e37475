"""Per-language variants of a question: stem, options and feedback in another language.

A question is written in the site's source language (``LANGUAGE_CODE``). A
:class:`QuestionTranslation` holds the texts of one question in one other language
and the digest of the source texts it was made from, so that the translation is
*outdated* as soon as the source text changes. Marks, keys and order stay on the
question (and its versions): a translation only replaces words, never what is graded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .questions import Question, QuestionVersion


class QuestionTranslation(models.Model):
    """One question's texts in one language (options keyed by their answer keys)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    # The version the translator saw, and the digest of its translatable texts: the
    # translation is shown only for a version whose texts have the same digest.
    source_version = models.ForeignKey(
        QuestionVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_digest = models.CharField(max_length=64)
    text = models.TextField(_("question text"), blank=True)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    feedback_true = models.TextField(_("feedback for “true”"), blank=True)
    feedback_false = models.TextField(_("feedback for “false”"), blank=True)
    #: {answer key: {"text": …, "feedback": …, "match": …}}
    answers = models.JSONField(default=dict, blank=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question translation")
        verbose_name_plural = _("question translations")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"],
                name="assessments_questiontranslation_unique_language",
            )
        ]

    def __str__(self):
        return f"{self.question_id} [{self.language}]"
