"""Pages for learners (their map, self-assessment, prior learning) and for trainers
and coordinators (observations, heat map, needs report). Views stay thin: selectors
read, services write, and every view checks who may see what."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import PriorLearningClaim, SelfAssessment, SelfAssessmentResponse
from courses.selectors import cohorts_visible_to
from lms.accounts.models import Territory
from lms.accounts.names import display_name
from lms.roles import Role, is_coordinator, is_staff_role, role_required, staff_required

from . import charts, selectors, services, uploads
from .exceptions import CompetencyError
from .forms import ClaimDecisionForm, ObservationForm, PriorLearningForm, SelfAssessmentForm

User = get_user_model()


def _framework_or_404(request):
    framework = selectors.framework_get(request.GET.get("framework"))
    if framework is None:
        raise Http404(_("There is no competency framework yet."))
    return framework


def _render_map(request, learner, *, own: bool):
    framework = _framework_or_404(request)
    scale, rows = selectors.learner_map(learner, framework)
    name = display_name(learner)
    context = {
        "framework": framework,
        "frameworks": selectors.framework_list(),
        "scale": scale,
        "rows": rows,
        "chart": charts.map_chart(rows, scale, learner_name=name),
        "learner": learner,
        "learner_name": name,
        "own": own,
    }
    if own:
        context["self_assessments"] = SelfAssessment.objects.filter(
            framework=framework, is_open=True
        )
        context["claims"] = PriorLearningClaim.objects.filter(user=learner).select_related(
            "competency"
        )[:10]
        context["peer_coach"] = selectors.peer_learners_of(learner).exists()
    return render(request, "assessments/competencies/map.html", context)


@login_required
def my_map(request):
    """The signed-in learner's own competency map."""
    return _render_map(request, request.user, own=True)


@staff_required
def learner_map(request, user_id: int):
    """A trainee's map, for trainers and coordinators only."""
    # Only trainees this person may see: a trainer's cohorts, everyone for coordinators.
    learner = get_object_or_404(selectors.learners_visible_to(request.user), pk=user_id)
    return _render_map(request, learner, own=False)


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def observe(request):
    """A trainer records an observation of practice (phone-friendly form)."""
    framework = _framework_or_404(request)
    scale, _nodes = selectors.framework_tree(framework)
    initial = {}
    if request.GET.get("learner", "").isdigit():
        initial["learner"] = int(request.GET["learner"])
    form = ObservationForm(
        request.POST or None,
        initial=initial,
        framework=framework,
        learners=selectors.learners_visible_to(request.user),
        scale=scale,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_record(
                trainer=request.user,
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
                _("Observation saved for %(name)s.") % {"name": display_name(data["learner"])},
            )
            url = reverse("assessments:competencies:learner_map", args=[data["learner"].pk])
            return redirect(f"{url}?framework={framework.idnumber}")
    return render(
        request,
        "assessments/competencies/observe.html",
        {"form": form, "framework": framework, "suggestions": _suggestions()},
    )


def _suggestions():
    from .forms import CONTEXT_SUGGESTIONS

    return [str(text) for text in CONTEXT_SUGGESTIONS]


def _territory(request) -> str:
    value = request.GET.get("territory", "")
    return value if value in Territory.values else ""


def _cohort(request):
    """The cohort asked for, if this person may see it; and every cohort they may."""
    cohorts = list(cohorts_visible_to(request.user))
    chosen = request.GET.get("cohort", "")
    return next((c for c in cohorts if str(c.pk) == chosen), None), cohorts


@staff_required
def heatmap(request):
    """Learners × competencies for trainers and coordinators, by territory."""
    framework = _framework_or_404(request)
    territory = _territory(request)
    cohort, cohorts = _cohort(request)
    learners = selectors.learners_visible_to(
        request.user, cohort=cohort, territory=territory or None
    )
    scale, columns, rows = selectors.cohort_heatmap(learners, framework)
    return render(
        request,
        "assessments/competencies/heatmap.html",
        {
            "framework": framework,
            "frameworks": selectors.framework_list(),
            "scale": scale,
            "columns": columns,
            "rows": rows,
            "territory": territory,
            "territories": Territory.choices,
            "cohort": cohort,
            "cohorts": cohorts,
        },
    )


def _needs(request):
    assessments = list(SelfAssessment.objects.select_related("framework").order_by("name"))
    if not assessments:
        raise Http404(_("There is no self-assessment yet."))
    chosen = request.GET.get("assessment", "")
    assessment = next((a for a in assessments if str(a.pk) == chosen), assessments[0])
    territory = _territory(request)
    cohort, cohorts = _cohort(request)
    learners = selectors.learners_visible_to(
        request.user, cohort=cohort, territory=territory or None
    )
    rows = selectors.needs_report(assessment, learners)
    return assessment, assessments, territory, cohort, cohorts, rows


@staff_required
def needs_report(request):
    """Where the group is weakest, and how much it grew, from the self-assessments."""
    assessment, assessments, territory, cohort, cohorts, rows = _needs(request)
    territories = [(value, label) for value, label in Territory.choices]
    return render(
        request,
        "assessments/competencies/needs.html",
        {
            "assessment": assessment,
            "assessments": assessments,
            "territory": territory,
            "territories": territories,
            "cohort": cohort,
            "cohorts": cohorts,
            "rows": rows,
            "may_open_end": is_coordinator(request.user),
        },
    )


@staff_required
def needs_report_csv(request):
    """The needs report as CSV (UTF-8 with BOM, so spreadsheet programs read accents)."""
    assessment, _assessments, territory, cohort, _cohorts, rows = _needs(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    group = f"cohort-{cohort.pk}" if cohort else (territory or "all")
    filename = f"needs-{assessment.pk}-{group}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    territory_codes = [value for value, _label in Territory.choices]
    writer.writerow(
        [
            _("Area"),
            _("ID number"),
            _("Competency"),
            _("Respondents"),
            _("First self-assessment (1–5)"),
            _("Last self-assessment (1–5)"),
            _("Growth"),
            _("Learners who answered twice"),
        ]
        + [str(label) for _value, label in Territory.choices]
    )
    for row in rows:
        writer.writerow(
            [
                row.area.display_name if row.area else "",
                row.competency.idnumber,
                row.competency.display_name,
                row.respondents,
                "" if row.first is None else row.first,
                "" if row.last is None else row.last,
                "" if row.growth is None else row.growth,
                row.paired,
            ]
            + [
                "" if row.by_territory.get(code) is None else row.by_territory[code]
                for code in territory_codes
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request, pk: int):
    """A trainee fills the self-assessment at the start of a path, can change it for a
    few days, and fills it again at the end — which opens only when the path is complete
    or a coordinator opens it. The page always says which of the two it is."""
    assessment = get_object_or_404(
        SelfAssessment.objects.select_related("framework__scale"), pk=pk, is_open=True
    )
    items = list(assessment.items.order_by("sort_order", "pk"))
    state = selectors.self_assessment_state(request.user, assessment)
    Phase = SelfAssessmentResponse.Phase
    asked = (request.POST if request.method == "POST" else request.GET).get("phase", "")
    phase = asked if asked in Phase.values else state.default_phase()
    fillable = phase is not None and state.may_fill(phase)
    current = {Phase.START: state.start, Phase.END: state.end}.get(phase)
    initial = {f"item_{a.item_id}": a.value for a in current.answers.all()} if current else {}
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" and fillable else None,
        items=items,
        initial=initial,
    )
    if request.method == "POST":
        if not fillable:
            messages.error(request, _("This self-assessment can no longer be changed."))
            return redirect(request.path)
        if form.is_valid():
            try:
                response, changed = services.self_assessment_fill(
                    user=request.user, assessment=assessment, phase=phase, answers=form.answers()
                )
            except CompetencyError as error:
                form.add_error(None, str(error))
            else:
                message = (
                    _("Your self-assessment is updated (%(phase)s).")
                    if changed
                    else _("Thank you: your self-assessment is saved (%(phase)s).")
                )
                messages.success(request, message % {"phase": response.get_phase_display().lower()})
                url = reverse("assessments:competencies:map")
                return redirect(f"{url}?framework={assessment.framework.idnumber}")
    if not fillable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "assessments/competencies/self_assessment.html",
        {
            "assessment": assessment,
            "form": form,
            "state": state,
            "phase": phase,
            "fillable": fillable,
            "current": current,
            "start_until": state.editable_until(state.start),
            "end_until": state.editable_until(state.end),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def self_assessment_open_end(request, pk: int):
    """A coordinator opens the end self-assessment to everyone (or closes it again)."""
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    opening = request.POST.get("open") != "0"
    services.self_assessment_open_end(coordinator=request.user, assessment=assessment, open=opening)
    messages.success(
        request,
        (
            _("The end self-assessment “%(name)s” is open to every trainee.")
            if opening
            else _(
                "The end self-assessment “%(name)s” is closed again: it opens for each "
                "trainee when their path is complete."
            )
        )
        % {"name": assessment.display_name},
    )
    url = reverse("assessments:competencies:needs")
    return redirect(f"{url}?assessment={assessment.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def prior_learning_new(request):
    """A trainee submits prior learning with a file or a link, for a trainer to judge."""
    framework = _framework_or_404(request)
    form = PriorLearningForm(request.POST or None, request.FILES or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.prior_learning_submit(
            user=request.user,
            competency=data["competency"],
            description=data["description"],
            file=data.get("file"),
            link=data.get("link", ""),
        )
        messages.success(request, _("Sent: a trainer will look at your prior learning."))
        url = reverse("assessments:competencies:map")
        return redirect(f"{url}?framework={framework.idnumber}")
    return render(
        request,
        "assessments/competencies/prior_learning.html",
        {"form": form, "framework": framework},
    )


@role_required(Role.TRAINER)
def claims(request):
    """Pending prior-learning claims, for trainers to decide."""
    pending = (
        PriorLearningClaim.objects.filter(
            status=PriorLearningClaim.Status.PENDING,
            user__in=selectors.learners_visible_to(request.user),
        )
        .select_related("user__profile", "competency__framework__scale")
        .order_by("submitted_at")
    )
    framework = selectors.framework_get()
    scale = selectors.framework_tree(framework)[0] if framework else None
    rows = [(claim, ClaimDecisionForm(scale=scale, prefix=f"c{claim.pk}")) for claim in pending]
    return render(request, "assessments/competencies/claims.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "HEAD"])
def claim_file(request, pk: int):
    """A claim's file, for its owner, the trainers of their cohorts and coordinators.

    Anyone else, and any claim without a file, gets 404 (existence does not leak).
    Photos are shown inline; documents are downloaded.
    """
    visible = PriorLearningClaim.objects.filter(user=request.user)
    if is_staff_role(request.user):
        visible = visible | PriorLearningClaim.objects.filter(
            user__in=selectors.learners_visible_to(request.user)
        )
    claim = get_object_or_404(visible, pk=pk)
    if not claim.file:
        raise Http404
    name = claim.file.name
    try:
        handle = claim.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not uploads.is_image(name),
        filename=f"prior-learning-{claim.pk}.{uploads.extension_of(name)}",
        content_type=uploads.content_type_for(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(Role.TRAINER)
@require_POST
def claim_decide(request, pk: int):
    claim = get_object_or_404(
        PriorLearningClaim.objects.select_related("user__profile").filter(
            user__in=selectors.learners_visible_to(request.user)
        ),
        pk=pk,
    )
    framework = selectors.framework_get(claim.competency.framework.idnumber)
    scale, _nodes = selectors.framework_tree(framework)
    form = ClaimDecisionForm(request.POST, scale=scale, prefix=f"c{claim.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.prior_learning_decide(
                claim=claim,
                trainer=request.user,
                approve=data["decision"] == "approve",
                level=data.get("level") or None,
                note=data["note"],
            )
        except CompetencyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Decision saved for %(name)s.") % {"name": display_name(claim.user)}
            )
    else:
        messages.error(request, _("Choose the level the prior learning shows."))
    return redirect("assessments:competencies:claims")
