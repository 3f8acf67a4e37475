"""The coordinator's raters page: agreement per rater pair and the disagreements to
moderate (a moderation note is an added record)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Evidence
from lms.roles import Role, role_required, territories_for

from . import raters, selectors
from .exceptions import CompetencyError
from .views import _framework_or_404


@role_required(Role.COORDINATOR)
def raters_page(request):
    framework = _framework_or_404(request)
    scale, _nodes = selectors.framework_tree(framework)
    learners = None
    if territories_for(request.user) is not None:  # a coordinator of some territories
        learners = selectors.learners_visible_to(request.user).values("pk")
    agreement, disagreements = raters.rater_report(framework, learners)
    names = scale.names
    decisions = raters.prior_learning_decisions(framework)
    for item in decisions:
        item.level_name = names.get(item.level, "")
    for item in disagreements:
        item.high_name = names.get(item.high.level, "")
        item.low_name = names.get(item.low.level, "")
    return render(
        request,
        "assessments/competencies/raters.html",
        {
            "framework": framework,
            "frameworks": selectors.framework_list(),
            "agreement": agreement,
            "disagreements": disagreements,
            "kappa_min": raters.KAPPA_MIN_PAIRS,
            "decisions": decisions,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def moderate(request, pk: int):
    framework = _framework_or_404(request)
    observation = get_object_or_404(Evidence, pk=pk, kind__in=raters.MODERATED_KINDS)
    try:
        raters.moderation_record(
            coordinator=request.user, observation=observation, note=request.POST.get("note", "")
        )
    except CompetencyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Moderation note saved; the observations are kept."))
    return redirect(f"{reverse('assessments:competencies:raters')}?framework={framework.idnumber}")
