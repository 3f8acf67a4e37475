"""Trainer sign-off: a trainer confirms a learner at a level of a competency.

A sign-off is evidence (kind ``signoff``) like an observation; a competency whose rule
is "Trainer sign-off" takes its level from the latest sign-off that still stands.
Revoking never edits the sign-off: it adds a ``signoff_revoked`` record that names it
(``corrects``), and the rating is recomputed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Competency, Evidence, EvidenceKind
from lms.roles import is_trainer

from . import selectors, services
from .exceptions import CompetencyError


def _check_signer(trainer, learner) -> None:
    if not is_trainer(trainer):
        raise CompetencyError(_("Only trainers sign learners off."))
    if learner.pk == trainer.pk:
        raise CompetencyError(_("Trainers cannot sign themselves off."))
    if not selectors.learners_visible_to(trainer).filter(pk=learner.pk).exists():
        raise CompetencyError(_("This learner is not in a cohort you train."))


@transaction.atomic
def signoff_record(
    *,
    trainer,
    learner,
    competency: Competency,
    note: str,
    level: int | None = None,
    signed_on: datetime.date | None = None,
) -> Evidence:
    """Sign ``learner`` off for ``competency`` at ``level`` (default: the scale's
    proficient level), with a note saying what the trainer saw."""
    _check_signer(trainer, learner)
    if not note.strip():
        raise CompetencyError(_("Say in a note what the sign-off rests on."))
    if level is None:
        level = competency.framework.scale.proficient_from
    return services.evidence_record(
        user=learner,
        competency=competency,
        kind=EvidenceKind.SIGNOFF,
        level=level,
        observed_on=signed_on or timezone.localdate(),
        note=note.strip(),
        recorded_by=trainer,
    )


@transaction.atomic
def signoff_revoke(*, trainer, signoff: Evidence, note: str) -> Evidence:
    """Withdraw a sign-off by adding a revocation record; the sign-off stays as it was."""
    _check_signer(trainer, signoff.user)
    if signoff.kind != EvidenceKind.SIGNOFF:
        raise CompetencyError(_("Only a sign-off can be revoked."))
    if not note.strip():
        raise CompetencyError(_("Say in a note why the sign-off is revoked."))
    if Evidence.objects.filter(corrects=signoff, kind=EvidenceKind.SIGNOFF_REVOKED).exists():
        raise CompetencyError(_("This sign-off has already been revoked."))
    return services.evidence_record(
        user=signoff.user,
        competency=signoff.competency,
        kind=EvidenceKind.SIGNOFF_REVOKED,
        note=note.strip(),
        recorded_by=trainer,
        corrects=signoff,
    )


def signoffs_for(learner, *, trainer) -> list[Evidence]:
    """The learner's sign-offs, newest first, each with ``revocation`` (or None); empty
    when the learner is outside the trainer's cohorts. Two queries."""
    if not selectors.learners_visible_to(trainer).filter(pk=learner.pk).exists():
        return []
    records = list(
        Evidence.objects.filter(
            user=learner, kind__in=[EvidenceKind.SIGNOFF, EvidenceKind.SIGNOFF_REVOKED]
        )
        .select_related("competency", "recorded_by__profile")
        .order_by("-observed_on", "-created_at", "-pk")
    )
    revocations = {e.corrects_id: e for e in records if e.kind == EvidenceKind.SIGNOFF_REVOKED}
    signoffs = [e for e in records if e.kind == EvidenceKind.SIGNOFF]
    for item in signoffs:
        item.revocation = revocations.get(item.pk)
    return signoffs
