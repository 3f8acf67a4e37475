"""Whose figures a person may see in the funder reports: the one scoping helper.

Coordinators see the cohorts ``courses.selectors.cohorts_visible_to`` gives them:
their territories' cohorts (``lms.roles.territories_for``), every cohort for the
programme coordinator. Every report, export and drill-down reads its scope from
``report_scope``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from courses.models import Cohort, Enrollment
from courses.selectors import cohorts_visible_to
from lms.accounts.models import Territory
from lms.roles import is_coordinator
from lms.roles import territories_for as lms_territories_for

User = get_user_model()


@dataclass(frozen=True)
class ReportScope:
    cohort_ids: tuple[int, ...]
    territory: str  # "" = every territory in scope
    label: str  # printed on every export

    def cohorts(self) -> QuerySet[Cohort]:
        return Cohort.objects.filter(pk__in=self.cohort_ids).order_by("name", "pk")


def coordinator_territories(user) -> tuple[str, ...] | None:
    """The territories a coordinator reports on; ``None``: the whole programme."""
    allowed = lms_territories_for(user)
    return None if allowed is None else tuple(sorted(allowed))


def report_scope(user=None, *, territory: str = "") -> ReportScope:
    """The cohorts ``user``'s reports count (``None``: the command line, programme-wide),
    narrowed to the cohorts of ``territory`` when given."""
    if user is None:
        cohorts = Cohort.objects.all()
    elif is_coordinator(user):
        cohorts = cohorts_visible_to(user)
        allowed = coordinator_territories(user)
        if allowed is not None:
            cohorts = cohorts.filter(territory__in=allowed)
    else:
        cohorts = Cohort.objects.none()
    if territory:
        cohorts = cohorts.filter(territory=territory)
    label = str(Territory(territory).label) if territory else ""
    return ReportScope(tuple(sorted(cohorts.values_list("pk", flat=True))), territory, label)


def territories_for(user) -> list[tuple[str, str]]:
    """The territory choices of the report form for ``user``."""
    allowed = coordinator_territories(user) if user is not None else None
    return [(v, label) for v, label in Territory.choices if allowed is None or v in allowed]


def people_in_scope(user) -> QuerySet:
    """People enrolled in a cohort of ``user``'s report scope (the drill-down and the
    coordinator's screen of a person's reporting fields look people up here)."""
    scope = report_scope(user)
    return User.objects.filter(
        pk__in=Enrollment.objects.filter(cohort_id__in=scope.cohort_ids).values("user_id")
    )
