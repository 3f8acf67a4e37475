"""Solution hypotheses drafted by a group, with every save kept as a revision."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .moderation import Moderated, hidden_needs_reason
from .paths import LabGroup, ParticipatoryPath
from .problems import Problem

# The fields a group writes; revisions and conflict screens go through them in order.
HYPOTHESIS_FIELDS = ["title", "what", "who_acts", "resources", "risks", "evidence"]


class Revision(models.Model):
    """What every saved state of a group text keeps (hypotheses and proposals): the
    version it became, the version it was based on, and the texts as typed. A save
    refused because of a conflict is kept too (``conflicted``), so nothing typed is lost.
    """

    version = models.PositiveIntegerField(_("version"))
    based_on = models.PositiveIntegerField(_("based on version"))
    conflicted = models.BooleanField(_("refused because of a conflict"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("texts"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        abstract = True


class Hypothesis(Moderated):
    """A group's hypothesis of solution for a selected problem.

    ``version`` grows by one on every save; a save names the version it started
    from, and is refused (not overwritten) if someone saved in between.
    """

    # The path is the problem's; kept here so links and lists need no join.
    path = models.ForeignKey(
        ParticipatoryPath, on_delete=models.CASCADE, related_name="hypotheses", editable=False
    )
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="hypotheses"
    )
    group = models.ForeignKey(
        LabGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="hypotheses"
    )
    title = models.CharField(_("title"), max_length=160)
    what = models.TextField(_("what would change?"), blank=True)
    who_acts = models.TextField(_("who acts?"), blank=True)
    resources = models.TextField(_("resources needed"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    evidence = models.TextField(_("evidence it could work"), blank=True)
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("hypothesis")
        verbose_name_plural = _("hypotheses")
        ordering = ["problem", "created_at", "pk"]
        constraints = [
            hidden_needs_reason("lab_hypothesis_hidden_reason"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="lab_hypothesis_version_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:lab:hypothesis", args=[self.path_id, self.pk])

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in HYPOTHESIS_FIELDS}


class HypothesisRevision(Revision):
    """A saved state of a hypothesis, or a save that was refused because of a conflict.

    Refused saves are kept too, so that what someone typed is never lost even if
    they close the page instead of merging.
    """

    hypothesis = models.ForeignKey(Hypothesis, on_delete=models.CASCADE, related_name="revisions")

    class Meta:
        verbose_name = _("hypothesis revision")
        verbose_name_plural = _("hypothesis revisions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One accepted revision per version; refused attempts may be many.
            models.UniqueConstraint(
                fields=["hypothesis", "version"],
                condition=models.Q(conflicted=False),
                name="lab_revision_unique_version",
            )
        ]

    def __str__(self):
        return f"{self.hypothesis_id} v{self.version}"
