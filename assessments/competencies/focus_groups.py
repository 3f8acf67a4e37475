"""Writes for the focus-group needs analysis: recording a focus group (its ratings and
its quotes, all at once) and the coordinator's training plan (a module linked to a
territory's need in a capability)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import (
    Competency,
    CompetencyFramework,
    FocusGroup,
    FocusGroupQuote,
    FocusGroupRating,
    Priority,
    TrainingPlanLink,
)
from lms.accounts.models import Territory
from lms.roles import is_coordinator, is_staff_role

from . import needs
from .exceptions import CompetencyError


@transaction.atomic
def focus_group_record(
    *,
    facilitator,
    framework: CompetencyFramework,
    territory: str,
    held_on: datetime.date,
    participant_count: int,
    ratings: dict[int, tuple[int, int]],
    participants=(),
    notes: str = "",
    quotes: list[tuple[Competency | None, str, bool]] = (),
) -> FocusGroup:
    """Record a focus group led by ``facilitator`` (a trainer or a coordinator).

    ``ratings``: capability id → (priority, need) for every capability of the needs
    analysis (``needs.capabilities``); ``quotes``: (capability or None, text, consent)
    — a quote without the quoted people's consent is refused. All or nothing.
    """
    if not is_staff_role(facilitator):
        raise CompetencyError(_("Only trainers and coordinators record focus groups."))
    if territory not in Territory.values:
        raise CompetencyError(_("Choose the territory of the focus group."))
    participants = list(participants)
    if participant_count is None or participant_count < 1:
        raise CompetencyError(_("Say how many people took part."))
    if len(participants) > participant_count:
        raise CompetencyError(
            _("More participants are linked to accounts (%(linked)s) than took part (%(count)s).")
            % {"linked": len(participants), "count": participant_count}
        )
    capabilities = needs.capabilities(framework)
    missing = [c for c in capabilities if c.pk not in ratings]
    if missing:
        raise CompetencyError(
            _("Give the group's priority and rated need for every capability: %(names)s.")
            % {"names": ", ".join(c.display_name for c in missing)}
        )
    allowed = {c.pk for c in capabilities}
    for capability_id, (priority, need) in ratings.items():
        if capability_id not in allowed:
            raise CompetencyError(_("This capability is not part of the needs analysis."))
        if priority not in Priority.values:
            raise CompetencyError(_("A priority is high, medium or low."))
        if need not in range(1, 6):
            raise CompetencyError(_("A rated need is a value from 1 to 5."))
    for capability, text, consent in quotes:
        if not text.strip():
            continue
        if not consent:
            raise CompetencyError(
                _("A quote is kept only if the people quoted agreed: tick the consent box.")
            )
        if capability is not None and capability.pk not in allowed:
            raise CompetencyError(_("This capability is not part of the needs analysis."))
    group = FocusGroup(
        framework=framework,
        territory=territory,
        held_on=held_on,
        facilitator=facilitator,
        participant_count=participant_count,
        notes=notes.strip(),
    )
    group.full_clean()
    group.save()
    if participants:
        group.participants.set(participants)
    FocusGroupRating.objects.bulk_create(
        FocusGroupRating(focus_group=group, capability_id=pk, priority=p, need=n)
        for pk, (p, n) in ratings.items()
    )
    FocusGroupQuote.objects.bulk_create(
        FocusGroupQuote(focus_group=group, capability=capability, text=text.strip(), consent=True)
        for capability, text, _consent in quotes
        if text.strip()
    )
    return group


def _check_coordinator(user) -> None:
    if not is_coordinator(user):
        raise CompetencyError(_("Only coordinators change the training plan."))


@transaction.atomic
def plan_link(*, coordinator, territory: str, capability: Competency, module) -> TrainingPlanLink:
    """Say that ``module`` addresses the need in ``capability`` (of ``territory``, or
    of the whole programme when it is empty). Linking twice changes nothing."""
    _check_coordinator(coordinator)
    if territory and territory not in Territory.values:
        raise CompetencyError(_("Choose the territory of the focus group."))
    if capability.pk not in {c.pk for c in needs.capabilities(capability.framework)}:
        raise CompetencyError(_("This capability is not part of the needs analysis."))
    link, _created = TrainingPlanLink.objects.get_or_create(
        territory=territory,
        capability=capability,
        module=module,
        defaults={"linked_by": coordinator},
    )
    return link


@transaction.atomic
def plan_unlink(*, coordinator, link: TrainingPlanLink) -> None:
    _check_coordinator(coordinator)
    link.delete()
