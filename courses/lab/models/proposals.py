"""Proposals to the local administration, their review, response and follow-up."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .hypotheses import Hypothesis, Revision
from .moderation import Moderated, hidden_needs_reason
from .paths import LabGroup, ParticipatoryPath
from .problems import Problem

# The sections of a proposal, in the order of the dossier.
PROPOSAL_SECTIONS = [
    "problem_statement",
    "evidence",
    "solution",
    "actors",
    "costs",
    "timeline",
    "success_measures",
]


class Proposal(Moderated):
    """A structured proposal written by a group for the local administration."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review by the local authority")
        RESPONDED = "responded", _("Response received")

    path = models.ForeignKey(
        ParticipatoryPath,
        verbose_name=_("path"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    group = models.ForeignKey(
        LabGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="proposals"
    )
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    hypothesis = models.ForeignKey(
        Hypothesis,
        verbose_name=_("from hypothesis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    problem_statement = models.TextField(_("the problem"))
    evidence = models.TextField(_("evidence"), blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    actors = models.TextField(_("actors and responsibilities"), blank=True)
    costs = models.TextField(_("costs and resources"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    success_measures = models.TextField(_("how success is measured"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_public = models.BooleanField(
        _("show on the territory's public page"),
        default=False,
        help_text=_("The group agrees that the proposal and its outcome are published."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            hidden_needs_reason("lab_proposal_hidden_reason"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="lab_proposal_version_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:lab:proposal", args=[self.path_id, self.pk])

    def sections(self) -> list[tuple[str, str]]:
        """(label, text) of each section, in dossier order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in PROPOSAL_SECTIONS
        ]


class ProposalRevision(Revision):
    """A saved state of a proposal, or a save refused because of a conflict (kept so
    that what someone typed is never lost), as for hypotheses."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")

    class Meta:
        verbose_name = _("proposal revision")
        verbose_name_plural = _("proposal revisions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "version"],
                condition=models.Q(conflicted=False),
                name="lab_proposalrevision_unique_version",
            )
        ]

    def __str__(self):
        return f"{self.proposal_id} v{self.version}"


class ProposalComment(Moderated):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lab_proposal_comments",
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a proposal")
        verbose_name_plural = _("comments on proposals")
        ordering = ["created_at", "pk"]
        constraints = [hidden_needs_reason("lab_proposalcomment_hidden_reason")]

    def __str__(self):
        return f"{self.author_id} · {self.proposal_id}"


class ProposalResponse(models.Model):
    """A public official's formal response to a proposal, with reasons."""

    class Verdict(models.TextChoices):
        WELCOMED = "welcomed", _("Welcomed")
        NEEDS_WORK = "needs_work", _("Needs work")
        NOT_FEASIBLE = "not_feasible", _("Not feasible")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("public official"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lab_responses",
    )
    verdict = models.CharField(_("response"), max_length=16, choices=Verdict.choices)
    reasons = models.TextField(_("reasons"))
    created_at = models.DateTimeField(_("given on"), auto_now_add=True)

    class Meta:
        verbose_name = _("response to a proposal")
        verbose_name_plural = _("responses to proposals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "author"], name="lab_response_one_per_official"
            ),
            models.CheckConstraint(
                condition=~models.Q(reasons=""), name="lab_response_has_reasons"
            ),
        ]

    def __str__(self):
        return f"{self.proposal_id} · {self.verdict}"


class ProposalFollowUp(models.Model):
    """What happened to a proposal once handed to the administration (latest = current)."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        UNDER_REVIEW = "under_review", _("Under review")
        REJECTED = "rejected", _("Rejected")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    submitted_to = models.CharField(_("submitted to"), max_length=200)
    submitted_on = models.DateField(_("submitted on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    links = models.TextField(
        _("links"), blank=True, help_text=_("One web address per line (minutes, resolutions…).")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.proposal_id} · {self.outcome}"

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]
