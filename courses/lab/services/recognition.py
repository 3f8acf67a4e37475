"""Recognising a contribution as competency evidence (through the lab hooks of
``lms.hooks``: the lab cannot import the competency framework)."""

from django.db import transaction
from django.utils.translation import gettext as _

from lms import hooks as lms_hooks

from ..exceptions import LabError
from ..models import ContributionRecognition, ParticipatoryPath
from .stages import require_moderator


@transaction.atomic
def contribution_recognise(
    *,
    path: ParticipatoryPath,
    contribution: str,
    participant,
    competency_id: int,
    level: int,
    recognised_by,
    note: str = "",
) -> ContributionRecognition:
    """Record that ``participant``'s ``contribution`` is evidence for a competency at
    ``level``, then hand it to the apps that record evidence (inside this transaction)."""
    require_moderator(recognised_by, path)
    from ..selectors import contributions_for_recognition

    contributions = {c.ref: c for c in contributions_for_recognition(path=path)}
    item = contributions.get(contribution)
    if item is None or participant.pk not in item.user_ids:
        raise LabError(_("This contribution is not by this participant."))
    option = next(
        (o for o in lms_hooks.lab_competency_options(path) if o.id == competency_id), None
    )
    if option is None:
        raise LabError(_("Choose one of the competencies of this path."))
    if level not in {number for number, _name in option.levels}:
        raise LabError(_("Choose a level on the competency's scale."))
    if ContributionRecognition.objects.filter(
        contribution=contribution, user=participant, competency_id=competency_id
    ).exists():
        raise LabError(_("This contribution is already recognised for this competency."))
    recognition = ContributionRecognition(
        path=path,
        contribution=contribution,
        user=participant,
        competency_id=competency_id,
        competency_label=option.label,
        level=level,
        note=note.strip(),
        recognised_by=recognised_by,
    )
    recognition.full_clean(validate_unique=False)
    recognition.save()
    lms_hooks.lab_contribution_recognised(recognition)
    return recognition
