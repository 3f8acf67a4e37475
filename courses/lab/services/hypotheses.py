"""Hypotheses of solution, written together by a group (see ``revisions``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import LabError
from ..models import Hypothesis, LabGroup, Problem, StageKind
from ..models.hypotheses import HYPOTHESIS_FIELDS
from .revisions import clean_texts, first_revision, require_member, revised_save
from .stages import require_open_stage


@transaction.atomic
def hypothesis_create(*, problem: Problem, group: LabGroup, user, data: dict) -> Hypothesis:
    """Start a hypothesis of solution for a selected problem, as a member of ``group``."""
    if group.path_id != problem.path_id:
        raise LabError(_("The group and the problem belong to different paths."))
    require_member(user, problem.path, group.pk)
    require_open_stage(problem.path, StageKind.HYPOTHESES)
    if not problem.selected or problem.is_hidden:
        raise LabError(_("Hypotheses are written for the selected problems only."))
    texts = clean_texts(data, HYPOTHESIS_FIELDS)
    hypothesis = Hypothesis(
        path_id=problem.path_id, problem=problem, group=group, updated_by=user, **texts
    )
    hypothesis.full_clean()
    hypothesis.save()
    first_revision(hypothesis, user=user, texts=texts)
    return hypothesis


def hypothesis_update(*, hypothesis: Hypothesis, user, base_version: int, data: dict) -> Hypothesis:
    """Save a group member's edit made on top of ``base_version``.

    If someone saved since (the stored version is no longer ``base_version``),
    nothing is overwritten: the attempt is kept as a refused revision and
    ``EditConflict`` carries both texts so the editor can merge them (see
    ``revisions.revised_save``).
    """
    texts = clean_texts(data, HYPOTHESIS_FIELDS)

    def validate():
        require_member(user, hypothesis.path, hypothesis.group_id)
        require_open_stage(hypothesis.path, StageKind.HYPOTHESES)
        candidate = Hypothesis(
            pk=hypothesis.pk,
            path_id=hypothesis.path_id,
            problem_id=hypothesis.problem_id,
            group_id=hypothesis.group_id,
            **texts,
        )
        candidate.full_clean(exclude=["path", "problem", "group"], validate_unique=False)

    return revised_save(
        hypothesis,
        user=user,
        base_version=base_version,
        texts=texts,
        validate=validate,
        conflict_message=_(
            "Someone else saved this hypothesis while you were editing. Nothing is lost: "
            "the form holds your text and their changes to the parts you did not touch. "
            "Check it and save again."
        ),
    )
