"""A facilitator's recognition of a contribution as competency evidence.

The lab may not import ``assessments`` (dependencies point the other way), so the
competency is held by id and label, and the ``LAB_CONTRIBUTION_RECOGNISED`` hook
(``lms.hooks``) hands each recognition to whoever connects the lab to the evidence
service.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContributionRecognition(models.Model):
    path = models.ForeignKey(
        "lab.ParticipatoryPath",
        verbose_name=_("path"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    contribution = models.CharField(
        _("contribution"),
        max_length=60,
        help_text=_("A stable reference such as lab.problem:42."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="lab_recognitions",
    )
    competency_id = models.PositiveIntegerField(_("competency"))
    competency_label = models.CharField(_("competency"), max_length=255)
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.TextField(_("note"), blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recognised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recognised on"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognised contribution")
        verbose_name_plural = _("recognised contributions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "user", "competency_id"],
                name="lab_recognition_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1), name="lab_recognition_level_positive"
            ),
        ]

    def __str__(self):
        return f"{self.contribution} → {self.competency_label} ({self.level})"
