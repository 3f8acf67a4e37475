"""Who may do what in a participatory path, worked out once per request.

* participants: people enrolled in the path's cohort (migrants and local-authority
  staff alike); they see the path, post, vote and write in their groups;
* public officials: participants whose profile says ``is_public_official``; they
  also respond formally to proposals;
* facilitators: the cohort's trainers and each stage's facilitator; they open and
  close stages, merge, select, hide with a reason and recognise contributions;
* coordinators: programme staff; they see the paths of their territories' cohorts
  (every path for a programme coordinator, ``lms.roles.territories_for``) and record
  follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from courses.models import Enrollment
from lms.roles import is_coordinator, territories_for, territory_scope

from .models import LabGroup, ParticipatoryPath


@dataclass(frozen=True)
class PathAccess:
    path: ParticipatoryPath
    is_participant: bool = False
    is_facilitator: bool = False
    is_coordinator: bool = False
    is_official: bool = False
    group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def can_view(self) -> bool:
        return self.is_participant or self.is_facilitator or self.is_coordinator

    @property
    def can_moderate(self) -> bool:
        return self.is_facilitator or self.is_coordinator

    @property
    def can_respond(self) -> bool:
        return self.is_official

    @property
    def can_record_follow_up(self) -> bool:
        return self.is_coordinator or self.is_facilitator

    def in_group(self, group_id: int) -> bool:
        return group_id in self.group_ids


def is_participant(user, path: ParticipatoryPath) -> bool:
    return Enrollment.objects.filter(user=user, cohort_id=path.cohort_id).exists()


def access_for(user, path: ParticipatoryPath) -> PathAccess:
    """What ``user`` may do in ``path`` (at most three queries)."""
    if not user.is_authenticated:
        return PathAccess(path)
    territories = territories_for(user)
    coordinator = is_coordinator(user) and (
        territories is None or path.cohort.territory in territories
    )
    facilitator = user.is_superuser or (
        ParticipatoryPath.objects.filter(pk=path.pk)
        .filter(Q(cohort__trainers=user) | Q(stages__facilitator=user))
        .exists()
    )
    participant = is_participant(user, path)
    profile = getattr(user, "profile", None)
    official = participant and bool(profile and profile.is_public_official)
    groups = frozenset(
        LabGroup.objects.filter(path=path, members=user).values_list("pk", flat=True)
    )
    return PathAccess(
        path,
        is_participant=participant,
        is_facilitator=facilitator,
        is_coordinator=coordinator,
        is_official=official,
        group_ids=groups,
    )


def paths_visible_to(user):
    """The paths ``user`` may open: as participant, facilitator or coordinator."""
    paths = ParticipatoryPath.objects.select_related("cohort")
    territories = territory_scope(user, "cohort__territory")
    if territories is None:
        return paths
    return paths.filter(
        pk__in=ParticipatoryPath.objects.filter(
            Q(cohort__enrollments__user=user)
            | Q(cohort__trainers=user)
            | Q(stages__facilitator=user)
            | territories
        ).values("pk")
    )
