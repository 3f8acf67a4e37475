"""What every lab page does first: load the path and the person's role in it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .. import selectors
from ..access import PathAccess, access_for
from ..exceptions import EditConflict
from ..models import ParticipatoryPath


def path_and_access(request, path_pk: int) -> tuple[ParticipatoryPath, PathAccess]:
    """The path and the user's role in it; 404 for people outside it (no leak)."""
    path = get_object_or_404(ParticipatoryPath.objects.select_related("cohort"), pk=path_pk)
    access = access_for(request.user, path)
    if not access.can_view:
        raise Http404
    return path, access


def back(request, fallback: str):
    """Back to the page the form was on (``next``, if it is ours), else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def flash_error(request, error: ValidationError) -> None:
    """Tell the person why their action was refused, on the page they go back to."""
    messages.error(request, " ".join(error.messages))


def context(path, access, stages=None, **extra) -> dict:
    """What every lab template needs: the path, my role, its stages and the current one."""
    stages = stages if stages is not None else selectors.stages_of(path)
    return {
        "path": path,
        "access": access,
        "stages": stages,
        "current_stage": selectors.current_stage(stages),
        **extra,
    }


def my_group(access: PathAccess, request):
    """The group I write for (the one asked for, else my first) and all of mine."""
    groups = selectors.groups_of(access=access)
    wanted = request.POST.get("group") or request.GET.get("group")
    for group in groups:
        if str(group.pk) == wanted:
            return group, groups
    return (groups[0] if groups else None), groups


def conflict_screen(error: EditConflict, form_class, fields: list[str]) -> dict:
    """The conflict screen. The form holds the merged text at the current version:
    their changes where only they edited a field, mine where only I did, and mine
    where we both did; those clashing fields show their text beside mine."""
    current = error.current
    form = form_class(data={**error.merged, "version": current.version})
    form.is_valid()
    rows = [
        {
            "label": current._meta.get_field(name).verbose_name,
            "theirs": getattr(current, name),
            "mine": error.mine.get(name, ""),
            "differs": name in error.clashes,
        }
        for name in fields
    ]
    taken = [
        current._meta.get_field(name).verbose_name
        for name in fields
        if name not in error.clashes and error.merged.get(name) != error.mine.get(name)
    ]
    return {
        "message": error.messages[0],
        "rows": rows,
        "current": current,
        "form": form,
        "taken": taken,
    }
