"""Opening and closing stages."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import access_for
from ..exceptions import LabError, NotAllowed, StageNotOpen
from ..models import ParticipatoryPath, Stage, StageKind, StageStatus
from ..models.paths import STAGE_ORDER


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


@transaction.atomic
def stages_follow_dates(*, today=None) -> tuple[int, int]:
    """Open and close stages by their dates; returns (opened, closed).

    * an open stage whose closing date has passed closes — unless a facilitator opened
      it (again) after that date, which is a deliberate choice and is respected;
    * a stage that was never opened opens from its opening date (until its closing
      date), provided no other stage of its path is still open.

    A stage a facilitator closed early stays closed. Four queries whatever the number
    of paths and stages; ``manage.py lab_follow_stage_dates`` runs it (daily timer).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    to_close = [
        stage
        for stage in Stage.objects.select_for_update().filter(
            status=StageStatus.OPEN, closes_on__lt=today
        )
        if stage.opened_at is None or timezone.localdate(stage.opened_at) <= stage.closes_on
    ]
    closed_ids = {stage.pk for stage in to_close}
    if closed_ids:
        Stage.objects.filter(pk__in=closed_ids).update(status=StageStatus.CLOSED, closed_at=now)
    candidates = list(
        Stage.objects.select_for_update()
        .filter(status=StageStatus.PLANNED, opened_at__isnull=True, opens_on__lte=today)
        .exclude(closes_on__lt=today)
    )
    if not candidates:
        return 0, len(closed_ids)
    busy = set(
        Stage.objects.filter(
            path_id__in={stage.path_id for stage in candidates}, status=StageStatus.OPEN
        )
        .exclude(pk__in=closed_ids)
        .values_list("path_id", flat=True)
    )
    order = {kind: index for index, kind in enumerate(STAGE_ORDER)}
    to_open = {}
    for stage in sorted(candidates, key=lambda s: order.get(s.kind, 0), reverse=True):
        if stage.path_id not in busy:
            to_open[stage.path_id] = stage.pk  # the latest stage due wins
    if to_open:
        Stage.objects.filter(pk__in=to_open.values()).update(
            status=StageStatus.OPEN, opened_at=now, closed_at=None
        )
    return len(to_open), len(closed_ids)
