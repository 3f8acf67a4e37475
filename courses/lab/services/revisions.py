"""Texts a group writes together (hypotheses, proposals): every save is a revision,
and a save made on top of an outdated version is refused (and kept), never silently
overwritten. ``revised_save`` is the one conflict-safe save both use."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import PathAccess, access_for
from ..exceptions import EditConflict, LabError, NotAllowed


def clean_texts(data: dict, fields: list[str]) -> dict[str, str]:
    """The group's texts from a form's data, stripped, one per field (blank if absent)."""
    return {name: (data.get(name) or "").strip() for name in fields}


def require_member(user, path, group_id: int) -> PathAccess:
    """``user``'s access to ``path``; ``NotAllowed`` unless they are in the group."""
    access = access_for(user, path)
    if not access.in_group(group_id):
        raise NotAllowed(_("Only the members of the group can write this."))
    return access


def first_revision(obj, *, user, texts: dict[str, str]) -> None:
    """Record the texts ``obj`` was created with as its version 1."""
    obj.revisions.create(version=1, based_on=0, author=user, data=texts)


def revised_save(
    obj,
    *,
    user,
    base_version: int,
    texts: dict[str, str],
    validate: Callable[[], None],
    conflict_message: str,
    only_while: dict | None = None,
    closed_message: str = "",
):
    """Save ``texts`` onto ``obj`` (a hypothesis or a proposal) as an edit made on top
    of ``base_version``, and return the object as saved.

    In one transaction: ``validate()`` runs the caller's checks (role, stage, field
    rules); then the row is written only if it is still at ``base_version`` and still
    matches ``only_while`` (a proposal: still a draft), and the save becomes revision
    ``base_version + 1``. If the row left ``only_while``, ``LabError(closed_message)``.
    If someone saved in between, nothing is overwritten: the attempt is kept as a
    refused revision and ``EditConflict(conflict_message)`` carries a three-way merge.
    The refused revision is committed before the error is raised, which is why this
    opens its transaction itself rather than being wrapped whole in one.
    """
    model = type(obj)
    only_while = only_while or {}
    with transaction.atomic():
        validate()
        updated = model.objects.filter(pk=obj.pk, version=base_version, **only_while).update(
            **texts, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
        )
        if updated:
            obj.revisions.create(
                version=base_version + 1, based_on=base_version, author=user, data=texts
            )
            return model.objects.select_related("updated_by__profile").get(pk=obj.pk)
        current = model.objects.select_related("updated_by__profile").get(pk=obj.pk)
        if any(getattr(current, name) != value for name, value in only_while.items()):
            raise LabError(closed_message)
        base = (
            obj.revisions.filter(version=base_version, conflicted=False)
            .values_list("data", flat=True)
            .first()
        )
        theirs = {name: getattr(current, name) for name in texts}
        merged, clashes = merge_texts(base=base, theirs=theirs, mine=texts)
        refused = obj.revisions.create(
            version=current.version,
            based_on=base_version,
            conflicted=True,
            author=user,
            data=texts,
        )
    raise EditConflict(
        conflict_message,
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
