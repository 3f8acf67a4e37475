"""Local problems, the conversation about them and the fair vote that ranks them."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..uploads import ALLOWED_EXTENSIONS, attachment_upload_to, is_image
from .moderation import Moderated, hidden_needs_reason
from .paths import ParticipatoryPath


class Problem(Moderated):
    """A local problem posted by a participant."""

    path = models.ForeignKey(
        ParticipatoryPath,
        verbose_name=_("path"),
        on_delete=models.CASCADE,
        related_name="problems",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lab_problems",
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what is the problem?"))
    where = models.CharField(_("where does it happen?"), max_length=200)
    who_is_affected = models.CharField(_("who is affected?"), max_length=300)
    attachment = models.FileField(
        _("photo or document"),
        # A random name under lab/private/, served only by views.problem_attachment.
        upload_to=attachment_upload_to,
        blank=True,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS)],
        help_text=_("Optional. A photo (JPEG, PNG, WebP) or a document (PDF, ODT, DOCX)."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    selected = models.BooleanField(
        _("selected for hypotheses"),
        default=False,
        help_text=_("The facilitator selects the problems the groups work on."),
    )
    created_at = models.DateTimeField(_("posted on"), auto_now_add=True)
    # Kept in step by the services, so lists never count rows per problem.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    vote_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["path", "merged_into"], name="lab_problem_path_merged")]
        constraints = [
            hidden_needs_reason("lab_problem_hidden_reason"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:lab:problem", args=[self.path_id, self.pk])

    @property
    def attachment_is_image(self) -> bool:
        return is_image(self.attachment.name)

    @property
    def attachment_kind(self) -> str:
        """PDF, ODT, DOCX… for the download link."""
        return self.attachment.name.rsplit(".", 1)[-1].upper() if self.attachment else ""

    @property
    def photo_withheld(self) -> bool:
        """A photo whose author withdrew their consent to photos: hidden at once, from
        everyone, until they give it again."""
        from lms.accounts.consents import Purpose, consent_withdrawn

        if not self.attachment or not self.attachment_is_image or self.author_id is None:
            return False
        return consent_withdrawn(self.author, Purpose.PHOTOS)

    def get_attachment_url(self):
        """The access-checked address of the photo or document ("" when there is none)."""
        if not self.attachment:
            return ""
        return reverse("courses:lab:problem_attachment", args=[self.path_id, self.pk])


class ProblemComment(Moderated):
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lab_problem_comments",
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a problem")
        verbose_name_plural = _("comments on problems")
        ordering = ["created_at", "pk"]
        constraints = [hidden_needs_reason("lab_problemcomment_hidden_reason")]

    def __str__(self):
        return f"{self.author_id} · {self.problem_id}"


class Ballot(models.Model):
    """A participant's votes in one path: ``used`` can never pass ``allowed``.

    Every vote increments ``used`` in the same transaction that inserts it, so the
    check constraint refuses the (N+1)th vote even when requests race.
    """

    path = models.ForeignKey(
        ParticipatoryPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="ballots"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="lab_ballots",
    )
    allowed = models.PositiveSmallIntegerField(_("votes allowed"))
    used = models.PositiveSmallIntegerField(_("votes used"), default=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["path", "user"], name="lab_ballot_unique_path_user"),
            models.CheckConstraint(
                condition=Q(used__gte=0) & Q(used__lte=F("allowed")),
                name="lab_ballot_within_allowance",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.used}/{self.allowed}"

    @property
    def remaining(self) -> int:
        return max(self.allowed - self.used, 0)


class Vote(models.Model):
    """One of a participant's votes, on one problem (at most one vote per problem)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "problem"], name="lab_vote_one_per_problem")
        ]

    def __str__(self):
        return f"{self.ballot_id} → {self.problem_id}"
