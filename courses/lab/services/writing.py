"""Hypotheses written together: every save is a revision, and a save made on top of
an outdated version is refused (and kept), never silently overwritten."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import access_for
from ..exceptions import EditConflict, LabError, NotAllowed
from ..models import Hypothesis, HypothesisRevision, LabGroup, Problem, StageKind
from ..models.hypotheses import HYPOTHESIS_FIELDS
from .stages import require_open_stage


def _clean_texts(data: dict, fields: list[str]) -> dict[str, str]:
    return {name: (data.get(name) or "").strip() for name in fields}


def _require_member(user, path, group_id: int):
    access = access_for(user, path)
    if not access.in_group(group_id):
        raise NotAllowed(_("Only the members of the group can write this."))
    return access


@transaction.atomic
def hypothesis_create(*, problem: Problem, group: LabGroup, user, data: dict) -> Hypothesis:
    """Start a hypothesis of solution for a selected problem, as a member of ``group``."""
    if group.path_id != problem.path_id:
        raise LabError(_("The group and the problem belong to different paths."))
    _require_member(user, problem.path, group.pk)
    require_open_stage(problem.path, StageKind.HYPOTHESES)
    if not problem.selected or problem.is_hidden:
        raise LabError(_("Hypotheses are written for the selected problems only."))
    texts = _clean_texts(data, HYPOTHESIS_FIELDS)
    hypothesis = Hypothesis(
        path_id=problem.path_id, problem=problem, group=group, updated_by=user, **texts
    )
    hypothesis.full_clean()
    hypothesis.save()
    HypothesisRevision.objects.create(
        hypothesis=hypothesis, version=1, based_on=0, author=user, data=texts
    )
    return hypothesis


def hypothesis_update(*, hypothesis: Hypothesis, user, base_version: int, data: dict) -> Hypothesis:
    """Save a group member's edit made on top of ``base_version``.

    If someone saved since (the stored version is no longer ``base_version``),
    nothing is overwritten: the attempt is kept as a refused revision and
    ``EditConflict`` carries both texts so the editor can merge them. The refused
    revision is committed before the error is raised, which is why this service
    opens its transaction itself rather than being wrapped whole in one.
    """
    texts = _clean_texts(data, HYPOTHESIS_FIELDS)
    with transaction.atomic():
        _require_member(user, hypothesis.path, hypothesis.group_id)
        require_open_stage(hypothesis.path, StageKind.HYPOTHESES)
        candidate = Hypothesis(
            pk=hypothesis.pk,
            path_id=hypothesis.path_id,
            problem_id=hypothesis.problem_id,
            group_id=hypothesis.group_id,
            **texts,
        )
        candidate.full_clean(exclude=["path", "problem", "group"], validate_unique=False)
        updated = Hypothesis.objects.filter(pk=hypothesis.pk, version=base_version).update(
            **texts, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
        )
        if updated:
            HypothesisRevision.objects.create(
                hypothesis=hypothesis,
                version=base_version + 1,
                based_on=base_version,
                author=user,
                data=texts,
            )
            return Hypothesis.objects.select_related("updated_by__profile").get(pk=hypothesis.pk)
        current = Hypothesis.objects.select_related("updated_by__profile").get(pk=hypothesis.pk)
        base = (
            HypothesisRevision.objects.filter(
                hypothesis=hypothesis, version=base_version, conflicted=False
            )
            .values_list("data", flat=True)
            .first()
        )
        merged, clashes = merge_texts(base=base, theirs=current.texts(), mine=texts)
        refused = HypothesisRevision.objects.create(
            hypothesis=hypothesis,
            version=current.version,
            based_on=base_version,
            conflicted=True,
            author=user,
            data=texts,
        )
    raise EditConflict(
        _(
            "Someone else saved this hypothesis while you were editing. Nothing is lost: "
            "the form holds your text and their changes to the parts you did not touch. "
            "Check it and save again."
        ),
        current=current,
        mine=texts,
        merged=merged,
        clashes=clashes,
        revision=refused,
    )


def merge_texts(*, base: dict | None, theirs: dict, mine: dict) -> tuple[dict, set]:
    """Three-way merge, field by field: take the side that changed; where both changed
    differently keep mine and report the field as a clash. Without a base, every
    differing field is a clash."""
    merged, clashes = {}, set()
    for name, my_text in mine.items():
        their_text = theirs.get(name, "")
        original = None if base is None else base.get(name, "")
        if my_text == their_text:
            merged[name] = my_text
        elif original is not None and my_text == original:
            merged[name] = their_text
        elif original is not None and their_text == original:
            merged[name] = my_text
        else:
            merged[name] = my_text
            clashes.add(name)
    return merged, clashes
