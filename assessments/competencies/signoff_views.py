"""The trainer's sign-off page: sign a learner off for a competency, or revoke a
sign-off (which adds a record). Trainers only; learners outside their cohorts are not
offered, and asking for one gives 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import Evidence, EvidenceKind
from lms.accounts.names import display_name
from lms.roles import Role, role_required

from . import selectors, signoff
from .exceptions import CompetencyError
from .forms import RevokeForm, SignoffForm
from .views import _framework_or_404

User = get_user_model()


def _page_url(framework, learner_id) -> str:
    url = reverse("assessments:competencies:signoff")
    return f"{url}?framework={framework.idnumber}&learner={learner_id}"


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def signoff_page(request):
    """Sign a trainee off for a competency; the trainee's sign-offs below, each revocable."""
    framework = _framework_or_404(request)
    scale, _nodes = selectors.framework_tree(framework)
    learners = selectors.learners_visible_to(request.user)
    learner = None
    learner_id = request.POST.get("learner") or request.GET.get("learner", "")
    if learner_id.isdigit():
        learner = learners.filter(pk=int(learner_id)).first()
    form = SignoffForm(
        request.POST or None,
        initial={"learner": learner.pk} if learner else {},
        framework=framework,
        learners=learners,
        scale=scale,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signoff.signoff_record(
                trainer=request.user,
                learner=data["learner"],
                competency=data["competency"],
                level=data["level"],
                note=data["note"],
            )
        except CompetencyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is signed off for %(competency)s.")
                % {
                    "name": display_name(data["learner"]),
                    "competency": data["competency"].display_name,
                },
            )
            return redirect(_page_url(framework, data["learner"].pk))
    names = scale.names
    records = signoff.signoffs_for(learner, trainer=request.user) if learner else []
    for item in records:
        item.level_name = names.get(item.level, "")
    return render(
        request,
        "assessments/competencies/signoff.html",
        {
            "form": form,
            "framework": framework,
            "learner": learner,
            "learner_name": display_name(learner) if learner else "",
            "records": records,
            "revoke_form": RevokeForm(),
        },
    )


@role_required(Role.TRAINER)
@require_POST
def signoff_revoke(request, pk: int):
    """Revoke one sign-off of a learner the trainer trains (404 for anyone else's)."""
    framework = _framework_or_404(request)
    record = get_object_or_404(
        Evidence.objects.select_related("user", "competency"),
        pk=pk,
        kind=EvidenceKind.SIGNOFF,
        user__in=selectors.learners_visible_to(request.user),
    )
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a note why the sign-off is revoked."))
        return redirect(_page_url(framework, record.user_id))
    try:
        signoff.signoff_revoke(trainer=request.user, signoff=record, note=form.cleaned_data["note"])
    except CompetencyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The sign-off is revoked; both records are kept."))
    return redirect(_page_url(framework, record.user_id))
