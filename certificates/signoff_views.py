"""The trainer's course sign-off page: sign a learner off for a course whose
certificate rule asks for it, or revoke a sign-off (which adds a record). Trainers
only, and only learners of the cohorts they train are offered."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.competencies.selectors import learners_visible_to
from lms.accounts.names import display_name
from lms.roles import Role, role_required

from . import services
from .exceptions import CertificateError
from .forms import CourseSignoffForm, SignoffRevokeForm
from .models import CertificateRule, TrainerSignoff


def _page_url(learner_id) -> str:
    return f"{reverse('certificates:signoff')}?learner={learner_id}"


def _records(learner) -> list[TrainerSignoff]:
    """The learner's course sign-offs, newest first, each with ``withdrawn`` (the
    revocation or None). Two queries."""
    records = list(
        TrainerSignoff.objects.filter(user=learner)
        .select_related("rule__course", "signed_by__profile")
        .order_by("-signed_at", "-pk")
    )
    revocations = {r.revokes_id: r for r in records if r.revokes_id}
    signoffs = [r for r in records if not r.revokes_id]
    for item in signoffs:
        item.withdrawn = revocations.get(item.pk)
    return signoffs


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def signoff_page(request):
    learners = learners_visible_to(request.user)
    rules = CertificateRule.objects.filter(is_active=True, require_signoff=True).select_related(
        "course"
    )
    learner = None
    learner_id = request.POST.get("learner") or request.GET.get("learner", "")
    if learner_id.isdigit():
        learner = learners.filter(pk=int(learner_id)).first()
    form = CourseSignoffForm(
        request.POST or None,
        initial={"learner": learner.pk} if learner else {},
        learners=learners,
        rules=rules,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signoff_record(
                rule=data["rule"], user=data["learner"], trainer=request.user, note=data["note"]
            )
        except CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is signed off for %(course)s.")
                % {"name": display_name(data["learner"]), "course": data["rule"].course.title},
            )
            return redirect(_page_url(data["learner"].pk))
    return render(
        request,
        "certificates/signoff.html",
        {
            "form": form,
            "learner": learner,
            "learner_name": display_name(learner) if learner else "",
            "records": _records(learner) if learner else [],
        },
    )


@role_required(Role.TRAINER)
@require_POST
def signoff_revoke(request, pk: int):
    record = get_object_or_404(
        TrainerSignoff.objects.select_related("rule__course", "user"),
        pk=pk,
        revokes__isnull=True,
        user__in=learners_visible_to(request.user),
    )
    form = SignoffRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a note why the sign-off is revoked."))
        return redirect(_page_url(record.user_id))
    try:
        services.signoff_revoke(
            signoff=record, trainer=request.user, note=form.cleaned_data["note"]
        )
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The sign-off is revoked; both records are kept."))
    return redirect(_page_url(record.user_id))
