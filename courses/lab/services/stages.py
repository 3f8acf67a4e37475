"""Opening and closing stages."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import access_for
from ..exceptions import LabError, NotAllowed, StageNotOpen
from ..models import ParticipatoryPath, Stage, StageKind, StageStatus


def require_moderator(user, path: ParticipatoryPath):
    access = access_for(user, path)
    if not access.can_moderate:
        raise NotAllowed(_("Only the path's facilitators can do this."))
    return access


def require_open_stage(path: ParticipatoryPath, kind: str) -> Stage:
    """The path's stage of ``kind`` if open, else ``StageNotOpen``."""
    stage = Stage.objects.filter(path=path, kind=kind).first()
    if stage is None or not stage.is_open:
        label = StageKind(kind).label
        raise StageNotOpen(_("The stage “%(stage)s” is not open.") % {"stage": label})
    return stage


@transaction.atomic
def stage_open(*, stage: Stage, user) -> Stage:
    """Open ``stage`` (a closed stage can be reopened by its facilitator)."""
    require_moderator(user, stage.path)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.is_open:
        raise LabError(_("This stage is already open."))
    stage.status = StageStatus.OPEN
    stage.opened_at = timezone.now()
    stage.closed_at = None
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_close(*, stage: Stage, user) -> Stage:
    """Close ``stage``; closing the problems stage closes the vote and shows results."""
    require_moderator(user, stage.path)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if not stage.is_open:
        raise LabError(_("This stage is not open."))
    stage.status = StageStatus.CLOSED
    stage.closed_at = timezone.now()
    stage.full_clean()
    stage.save()
    return stage
