"""Evidence of competence, prior-learning claims, and the stored ratings.

Evidence is immutable: once saved it is never edited or deleted by the platform; a
correction is new evidence that names the one it corrects (``corrects``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..competencies.uploads import ALLOWED_EXTENSIONS, claim_upload_to
from .competencies import Competency, RuleType


class EvidenceKind(models.TextChoices):
    QUIZ_ITEM = "quiz_item", _("Quiz answer")
    RUBRIC = "rubric", _("Rubric score")
    OBSERVATION = "observation", _("Trainer observation")
    PEER_OBSERVATION = "peer_observation", _("Peer observation")
    SELF = "self", _("Self-assessment")
    PRIOR_LEARNING = "prior_learning", _("Prior learning")
    SIGNOFF = "signoff", _("Trainer sign-off")
    SIGNOFF_REVOKED = "signoff_revoked", _("Sign-off revoked")
    MODERATION = "moderation", _("Moderation note")
    CLAIM_REJECTED = "claim_rejected", _("Prior learning not approved")


# Kinds that carry a score fraction, and kinds that carry a level on the scale.
SCORED_KINDS = (EvidenceKind.QUIZ_ITEM, EvidenceKind.RUBRIC)
LEVELLED_KINDS = (
    EvidenceKind.OBSERVATION,
    EvidenceKind.PEER_OBSERVATION,
    EvidenceKind.SELF,
    EvidenceKind.PRIOR_LEARNING,
    EvidenceKind.SIGNOFF,
)
# Kinds that only speak about an earlier record (named in ``corrects``): a revocation
# withdraws a sign-off; a moderation note settles a disagreement between raters.
WITHDRAWING_KINDS = (EvidenceKind.SIGNOFF_REVOKED, EvidenceKind.MODERATION)
# Kinds that record a rater's decision without a level: a prior-learning claim not
# approved (named in ``source``). No rule counts them; a coordinator can moderate them.
DECISION_KINDS = (EvidenceKind.CLAIM_REJECTED,)


class ImmutableError(Exception):
    """Raised when code tries to change or delete saved evidence."""


class Evidence(models.Model):
    """One piece of evidence for one learner and one competency: who, when, from what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="competency_evidence",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    score = models.DecimalField(
        _("score (fraction)"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    observed_on = models.DateField(_("date"))
    context = models.CharField(_("context"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_("What produced it, e.g. assessments.Response:42."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        # Only erasing a learner deletes evidence, and then all of it goes together.
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "competency", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=SCORED_KINDS, score__isnull=False)
                    | Q(kind__in=LEVELLED_KINDS, level__isnull=False)
                    | Q(kind__in=WITHDRAWING_KINDS, corrects__isnull=False)
                    | Q(kind__in=DECISION_KINDS, level__isnull=True, score__isnull=True)
                    & ~Q(source="")
                ),
                name="assessments_evidence_has_value",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="assessments_evidence_score_fraction",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.competency_id} · {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableError("Evidence cannot be changed; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Evidence cannot be deleted; record a correction instead.")

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


class PriorLearningClaim(models.Model):
    """A trainee's claim of prior learning, with a file or a link, for a trainer to judge."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a trainer")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="prior_learning_claims",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="+"
    )
    description = models.TextField(_("what you did"))
    file = models.FileField(
        _("file"),
        # A random name under the private prior-learning/ prefix, served only by
        # competencies.views.claim_file (see competencies/uploads.py).
        upload_to=claim_upload_to,
        blank=True,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS)],
    )
    link = models.URLField(_("link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("trainer's note"), blank=True)

    class Meta:
        verbose_name = _("prior learning claim")
        verbose_name_plural = _("prior learning claims")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="assessments_claim_file_or_link"
            )
        ]

    def __str__(self):
        return f"{self.user_id} · {self.competency_id} · {self.status}"


class CompetencyRating(models.Model):
    """The current rating of a learner in a competency, stored for fast reading.

    Written only by ``ratings_recompute``; ``detail`` holds the rule's reason and what
    is missing for the next level as data, so the page words it in the reader's
    language.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="competency_ratings",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    proficient = models.BooleanField(_("proficient"), default=False)
    rule_type = models.CharField(_("rule"), max_length=20, choices=RuleType.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("competency rating")
        verbose_name_plural = _("competency ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "competency"], name="assessments_rating_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.competency_id} · {self.level}"


class PeerRater(models.Model):
    """A coordinator's authorisation: a peer coach (a trainee who completed a path) may
    observe this learner. Their observations are evidence of their own kind (``peer
    observation``), which each competency's rule counts or leaves out."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peer coach"),
        on_delete=models.CASCADE,
        related_name="peer_rater_for",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="peer_raters",
    )
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authorised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    authorised_at = models.DateTimeField(_("authorised at"), auto_now_add=True)
    # A coordinator withdraws the authorisation by stamping it (the row is kept as
    # history; authorising again adds a new row). The coach's earlier observations stay.
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("peer rater")
        verbose_name_plural = _("peer raters")
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "learner"],
                condition=Q(revoked_at__isnull=True),
                name="assessments_peer_rater_open_unique",
            ),
            models.CheckConstraint(
                condition=~Q(coach=models.F("learner")), name="assessments_peer_rater_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.coach_id} → {self.learner_id}"
