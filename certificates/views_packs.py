"""The cohort pack for the funder: its page (progress, staleness, build) and the ZIP.

Coordinators only, for the cohorts of their territories (``packs.cohorts_for_packs``);
everyone else gets the 404 of an unknown address, as for the rest of certificate
management (``lms.roles.role_required(hide=True)``). The ZIP is never at a media URL:
this view reads it from private storage after the check.
"""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from lms.roles import Role, role_required

from . import packs

coordinators_only = role_required(Role.COORDINATOR, hide=True)


def _cohort(request, pk):
    return get_object_or_404(packs.cohorts_for_packs(request.user), pk=pk)


@coordinators_only
@require_http_methods(["GET", "POST"])
def cohort_pack(request, pk: int):
    """The pack's page: build it (POST), follow its progress, download it when ready.
    A pack whose certificates changed since it was built says so and is built again."""
    cohort = _cohort(request, pk)
    if request.method == "POST":
        packs.pack_request(cohort=cohort, requested_by=request.user)
        return redirect("certificates:pack", pk=cohort.pk)
    state = packs.pack_state(cohort)
    changed = state.stale
    if changed:
        packs.pack_request(cohort=cohort, requested_by=request.user)
        state = packs.pack_state(cohort)
    return render(
        request, "certificates/pack.html", {"cohort": cohort, "state": state, "changed": changed}
    )


@coordinators_only
def cohort_pack_zip(request, pk: int):
    """The ZIP, from private storage; a pack that is not ready (or out of date) sends
    the coordinator to its page, which says why."""
    cohort = _cohort(request, pk)
    state = packs.pack_state(cohort)
    if not state.ready:
        return redirect("certificates:pack", pk=cohort.pk)
    response = FileResponse(
        state.pack.file.open("rb"),
        as_attachment=True,
        filename=f"certificates-{slugify(cohort.name) or cohort.pk}.zip",
        content_type="application/zip",
    )
    response["X-Pack-SHA256"] = state.pack.sha256
    return response
