"""``/reports/``: the funder report on screen for coordinators, its exports, and the
drill-down to the people behind a row (on screen only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.accounts import reporting, services
from lms.accounts.forms import ReportingFieldsForm
from lms.accounts.models import ParticipantCategory, Profile, Territory
from lms.roles import Role, role_required

from . import exports
from .chart import growth_svg
from .figures import funder_report
from .forms import ReportForm
from .scope import people_in_scope, report_scope, territories_for


def _form(request, *, export=False):
    data = request.GET if request.GET else ReportForm.default_period(timezone.localdate())
    return ReportForm(data, territories=territories_for(request.user), export=export)


@role_required(Role.COORDINATOR)
def report(request):
    """The report of the period asked for (this year so far by default)."""
    form = _form(request)
    context = {"form": form, "report": None}
    if form.is_valid():
        data = form.cleaned_data
        scope = report_scope(request.user, territory=data["territory"])
        result = funder_report(scope, data["from"], data["to"])
        context.update(
            report=result,
            chart=growth_svg(result.chart),
            # Breakable on a phone, the same 64 characters when copied.
            checksum_parts=[result.checksum[i : i + 16] for i in range(0, 64, 16)],
            query=request.GET.urlencode() if request.GET else "",
            period={"from": data["from"].isoformat(), "to": data["to"].isoformat()},
            formats=exports.FORMATS,
        )
    return render(request, "reports/report.html", context)


@role_required(Role.COORDINATOR)
def export(request):
    """The report as a file (the same figures as on screen)."""
    form = _form(request, export=True)
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form, "report": None}, status=400)
    data = form.cleaned_data
    result = funder_report(
        report_scope(request.user, territory=data["territory"]), data["from"], data["to"]
    )
    fmt = data["format"]
    body = exports.render(result, fmt, generated_at=timezone.localtime().replace(microsecond=0))
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(result, fmt)}"'
    return response


@role_required(Role.COORDINATOR)
def people(request):
    """The people behind a row of the participants table: territory and category."""
    territory = request.GET.get("territory", "")
    category = request.GET.get("category", "")
    if territory not in Territory.values or category not in ["", *ParticipantCategory.values]:
        territory, category = Territory.values[0], ""
    persons = (
        people_in_scope(request.user)
        .filter(profile__territory=territory, profile__participant_category=category)
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )
    return render(
        request,
        "reports/people.html",
        {
            "persons": persons,
            "territory": Territory(territory).label,
            "category": (ParticipantCategory(category).label if category else _("Not stated")),
        },
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def person(request, pk: int):
    """A coordinator records a person's reporting fields (what the person told them),
    for a person of their scope; gender only with the person's statistics consent."""
    user = get_object_or_404(people_in_scope(request.user), pk=pk)
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": user.get_full_name() or "—"}
    )
    gender_allowed = reporting.gender_allowed(user)
    form = ReportingFieldsForm(
        request.POST or None, instance=profile, gender_allowed=gender_allowed
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=profile, **form.cleaned_data)
        messages.success(request, _("Saved the reporting details of %(name)s.") % {"name": profile})
        return redirect("reports:person", pk=user.pk)
    return render(
        request,
        "reports/person.html",
        {"form": form, "profile": profile, "gender_allowed": gender_allowed},
    )
