"""Focus groups and the territory needs view: a facilitator (trainer or coordinator)
records a focus group; the needs view sets focus groups and self-assessments side by
side per capability, each with the people behind it; a coordinator links a need to
the modules that address it (the training plan); CSV export."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale

from assessments.models import FocusGroup, Priority, TrainingPlanLink
from courses.models import ModulePage
from lms.accounts.models import Territory
from lms.roles import Role, is_coordinator, role_required, staff_required

from . import focus_groups, needs, selectors
from .exceptions import CompetencyError
from .forms import FocusGroupForm, PlanLinkForm
from .views import _framework_or_404, _territory


def _needs_url(framework, territory: str) -> str:
    url = reverse("assessments:competencies:territory_needs")
    query = f"?framework={framework.idnumber}"
    return f"{url}{query}&territory={territory}" if territory else f"{url}{query}"


def _modules():
    """Live modules in the default language, for the training plan."""
    return (
        ModulePage.objects.live()
        .filter(locale=Locale.get_default())
        .order_by("path")
        .only("pk", "title", "path", "depth")
    )


@staff_required
def focus_group_list(request):
    framework = _framework_or_404(request)
    territory = _territory(request)
    groups = FocusGroup.objects.filter(framework=framework).select_related("facilitator__profile")
    if territory:
        groups = groups.filter(territory=territory)
    return render(
        request,
        "assessments/competencies/focus_groups.html",
        {
            "framework": framework,
            "frameworks": selectors.framework_list(),
            "groups": groups,
            "territory": territory,
            "territories": Territory.choices,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def focus_group_new(request):
    """Record a focus group (trainers and coordinators facilitate them)."""
    framework = _framework_or_404(request)
    capabilities = needs.capabilities(framework)
    form = FocusGroupForm(
        request.POST or None,
        initial={"territory": _territory(request)},
        capabilities=capabilities,
        learners=selectors.learners_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = focus_groups.focus_group_record(
                facilitator=request.user,
                framework=framework,
                territory=data["territory"],
                held_on=data["held_on"],
                participant_count=data["participant_count"],
                participants=data["participants"],
                notes=data["notes"],
                ratings=form.ratings(),
                quotes=form.quotes(),
            )
        except CompetencyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Focus group saved."))
            return redirect(
                f"{reverse('assessments:competencies:focus_group', args=[group.pk])}"
                f"?framework={framework.idnumber}"
            )
    return render(
        request,
        "assessments/competencies/focus_group_form.html",
        {"form": form, "framework": framework, "capabilities": capabilities},
    )


@staff_required
def focus_group_detail(request, pk: int):
    group = get_object_or_404(
        FocusGroup.objects.select_related("facilitator__profile", "framework"), pk=pk
    )
    return render(
        request,
        "assessments/competencies/focus_group.html",
        {
            "group": group,
            "framework": group.framework,
            "ratings": group.ratings.select_related("capability").order_by(
                "capability__sort_order", "capability__idnumber"
            ),
            "quotes": group.quotes.select_related("capability"),
            "participants": group.participants.select_related("profile").order_by(
                "profile__display_name", "pk"
            ),
        },
    )


def _rows(request, framework, territory):
    learners = selectors.learners_visible_to(request.user, territory=territory or None)
    return needs.territory_needs(framework, learners=learners, territory=territory or None)


@staff_required
def territory_needs(request):
    """Per capability: what the focus groups said, what the self-assessments say, how
    many people stand behind each figure, and the modules of the training plan."""
    framework = _framework_or_404(request)
    territory = _territory(request)
    rows = _rows(request, framework, territory)
    coordinator = is_coordinator(request.user)
    return render(
        request,
        "assessments/competencies/territory_needs.html",
        {
            "framework": framework,
            "frameworks": selectors.framework_list(),
            "rows": rows,
            "territory": territory,
            "territory_label": dict(Territory.choices).get(territory, ""),
            "territories": Territory.choices,
            "plan_form": (
                PlanLinkForm(capabilities=[row.capability for row in rows], modules=_modules())
                if coordinator
                else None
            ),
        },
    )


@staff_required
def territory_needs_csv(request):
    """The territory needs view as CSV (UTF-8 with BOM): one line per capability."""
    framework = _framework_or_404(request)
    territory = _territory(request)
    rows = _rows(request, framework, territory)
    response = _csv_response(f"territory-needs-{framework.idnumber}-{territory or 'all'}.csv")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Territory"),
            _("ID number"),
            _("Capability"),
            _("Focus groups: rated need (1–5)"),
            _("Focus groups"),
            _("Focus-group participants"),
        ]
        + [str(label) for _value, label in Priority.choices]
        + [
            _("Self-assessment at the start (1–5)"),
            _("Learners who self-assessed"),
            _("Modules in the training plan"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                dict(Territory.choices).get(territory, _("All territories")),
                row.capability.idnumber,
                row.capability.display_name,
                "" if row.focus.average is None else row.focus.average,
                row.focus.groups,
                row.focus.people,
            ]
            + [count for _label, count in row.focus.priority_counts]
            + [
                "" if row.self_average is None else row.self_average,
                row.self_people,
                "; ".join(link.module.title for link in row.plan),
            ]
        )
    return response


def _csv_response(filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response


@role_required(Role.COORDINATOR)
@require_POST
def plan_link(request):
    framework = _framework_or_404(request)
    territory = request.POST.get("territory", "")
    territory = territory if territory in Territory.values else ""
    capabilities = needs.capabilities(framework)
    form = PlanLinkForm(request.POST, capabilities=capabilities, modules=_modules())
    if form.is_valid():
        capability = next(c for c in capabilities if c.pk == form.cleaned_data["capability"])
        try:
            focus_groups.plan_link(
                coordinator=request.user,
                territory=territory,
                capability=capability,
                module=form.cleaned_data["module"],
            )
        except CompetencyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The module is in the training plan for this need."))
    else:
        messages.error(request, _("Choose a capability and a module."))
    return redirect(_needs_url(framework, territory))


@role_required(Role.COORDINATOR)
@require_POST
def plan_unlink(request, pk: int):
    framework = _framework_or_404(request)
    link = get_object_or_404(TrainingPlanLink, pk=pk)
    territory = link.territory
    focus_groups.plan_unlink(coordinator=request.user, link=link)
    messages.success(request, _("The module is no longer linked to this need."))
    return redirect(_needs_url(framework, request.GET.get("territory", territory)))
