"""Rubrics: criteria × levels that trainers use to score open answers."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Rubric(ClusterableModel):
    """A scoring grid: every criterion is scored on the same levels."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("criteria", heading=_("Criteria"), label=_("Criterion"), min_num=1),
        InlinePanel("levels", heading=_("Levels"), label=_("Level"), min_num=2),
    ]

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def max_points(self, criteria=None, levels=None) -> Decimal:
        """The best total: every criterion at the top level."""
        criteria = list(self.criteria.all()) if criteria is None else criteria
        levels = list(self.levels.all()) if levels is None else levels
        top = max((level.points for level in levels), default=Decimal(0))
        return top * len(criteria)


class RubricCriterion(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what it looks like"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class RubricLevel(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(_("level"), max_length=100)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)

    panels = [FieldPanel("label"), FieldPanel("points")]

    class Meta(Orderable.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return f"{self.label} ({self.points})"
