"""The coordinator's raters page: agreement per rater pair (peer coaches included), the
disagreements to moderate (a moderation note is an added record), and the peer coaches
authorised to observe; and the peer coach's own observation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Evidence, EvidenceKind, PeerRater
from lms.accounts.names import display_name
from lms.roles import Role, role_required, territories_for

from . import raters, selectors, services
from .exceptions import CompetencyError
from .forms import ObservationForm, PeerRaterForm
from .views import _framework_or_404, _suggestions


def _peer_form(request, data=None):
    learners = selectors.learners_visible_to(request.user)
    return PeerRaterForm(
        data, coaches=selectors.peer_coach_candidates(request.user), learners=learners
    )


def _raters_url(framework):
    return f"{reverse('assessments:competencies:raters')}?framework={framework.idnumber}"


@role_required(Role.COORDINATOR)
def raters_page(request):
    framework = _framework_or_404(request)
    scale, _nodes = selectors.framework_tree(framework)
    learners = None
    if territories_for(request.user) is not None:  # a coordinator of some territories
        learners = selectors.learners_visible_to(request.user).values("pk")
    agreement, disagreements = raters.rater_report(framework, learners)
    names = scale.names
    decisions = raters.prior_learning_decisions(framework, learners)
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
            "peer_form": _peer_form(request),
            "peer_raters": selectors.peer_raters_visible_to(request.user),
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
    return redirect(_raters_url(framework))


@role_required(Role.COORDINATOR)
@require_POST
def peer_authorise(request):
    """Authorise a peer coach to observe one learner (from the raters page)."""
    framework = _framework_or_404(request)
    form = _peer_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a peer coach and a learner from the lists."))
        return redirect(_raters_url(framework))
    coach, learner = form.cleaned_data["coach"], form.cleaned_data["learner"]
    try:
        services.peer_rater_authorise(coordinator=request.user, coach=coach, learner=learner)
    except CompetencyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(coach)s may now observe %(learner)s as a peer coach.")
            % {"coach": display_name(coach), "learner": display_name(learner)},
        )
    return redirect(_raters_url(framework))


@role_required(Role.COORDINATOR)
@require_POST
def peer_revoke(request, pk: int):
    """Withdraw one peer coach's authorisation (from the raters page): the coach can no
    longer observe the learner; the authorisation and their observations are kept."""
    framework = _framework_or_404(request)
    rater = get_object_or_404(PeerRater.objects.select_related("coach", "learner"), pk=pk)
    try:
        services.peer_rater_revoke(coordinator=request.user, rater=rater)
    except CompetencyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(coach)s can no longer observe %(learner)s. "
                "Their earlier observations stay in the evidence."
            )
            % {"coach": display_name(rater.coach), "learner": display_name(rater.learner)},
        )
    return redirect(f"{_raters_url(framework)}#peer-coaches")


@login_required
def peer_observe(request):
    """A peer coach records an observation of a learner a coordinator authorised them
    to observe (a peer observation; the rule says whether it counts)."""
    framework = _framework_or_404(request)
    scale, _nodes = selectors.framework_tree(framework)
    learners = selectors.peer_learners_of(request.user)
    withdrawn = list(selectors.peer_learners_withdrawn(request.user))
    if request.method == "POST" and withdrawn:
        # A learner whose authorisation was withdrawn is accepted by the form so that
        # the service refuses it with a clear message (not "choose a valid option").
        learners = learners.model.objects.filter(
            pk__in=PeerRater.objects.filter(coach=request.user).values("learner_id"),
            is_active=True,
        )
    initial = {}
    if request.GET.get("learner", "").isdigit():
        initial["learner"] = int(request.GET["learner"])
    form = ObservationForm(
        request.POST or None, initial=initial, framework=framework, learners=learners, scale=scale
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.peer_observation_record(
                coach=request.user,
                learner=data["learner"],
                competency=data["competency"],
                level=data["level"],
                observed_on=data["observed_on"],
                context=data["context"],
                note=data["note"],
            )
        except CompetencyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Peer observation saved for %(name)s.") % {"name": display_name(data["learner"])},
            )
            return redirect(
                f"{reverse('assessments:competencies:peer_observe')}?framework={framework.idnumber}"
            )
    recent = list(
        Evidence.objects.filter(recorded_by=request.user, kind=EvidenceKind.PEER_OBSERVATION)
        .select_related("user__profile", "competency")
        .order_by("-created_at", "-pk")[:10]
    )
    names = scale.names
    for item in recent:
        item.level_name = names.get(item.level, "")
    return render(
        request,
        "assessments/competencies/peer_observe.html",
        {
            "form": form,
            "framework": framework,
            "suggestions": _suggestions(),
            "has_learners": selectors.peer_learners_of(request.user).exists(),
            "recent": recent,
            "withdrawn": withdrawn,
        },
    )
