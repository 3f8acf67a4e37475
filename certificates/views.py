"""Signed-in pages: my certificates and downloads, eligibility, issuing, revoking."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.accounts.names import certificate_name, display_name
from lms.roles import Role, role_required

from . import credentials, learning, selectors, services
from .forms import HolderNameForm, RevokeForm, VisibilityForm
from .models import Certificate, CertificateRule, IssueBatch
from .packs import cohorts_for_packs

# Issuing and managing certificates: 404 to everyone else, as for an unknown code
# (rule 4 of ``lms.roles.role_required``).
coordinators_only = role_required(Role.COORDINATOR, hide=True)


def _holder_name_form(person, data=None) -> HolderNameForm:
    profile = getattr(person, "profile", None)
    initial = {
        "given_name": profile.certificate_given_name if profile else "",
        "family_name": profile.certificate_family_name if profile else "",
    }
    return HolderNameForm(data, initial=initial)


def _save_holder_name(request, person, form) -> bool:
    """Validate and save the name for certificates; False (with the form's error) if not."""
    if not form.is_valid():
        return False
    try:
        services.holder_name_set(
            user=person,
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
            by=request.user,
        )
    except services.CertificateError as error:
        form.add_error(None, str(error))
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def my_certificates(request):
    """The holder's certificates with downloads and their public-name choice, and the
    name their certificates print (asked before the first one; fixed once issued)."""
    form = _holder_name_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save_holder_name(request, request.user, form):
        messages.success(request, _("The name for your certificates is saved."))
        return redirect("certificates:mine")
    certificates = list(selectors.certificates_of(user=request.user))
    Certificate.objects.filter(pk__in=[c.pk for c in certificates if c.seen_at is None]).update(
        seen_at=timezone.now()
    )
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": certificates,
            "name_form": form,
            "holder_name": certificate_name(request.user),
            "name_locked": selectors.holder_name_locked(request.user),
        },
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def holder_name(request, user_id):
    """A coordinator writes (or corrects, before any issue) a learner's name for
    certificates, e.g. from the eligibility table's "name missing" note."""
    person = get_object_or_404(get_user_model().objects.select_related("profile"), pk=user_id)
    if not learning.in_scope(request.user, person):
        raise Http404
    form = _holder_name_form(person, request.POST if request.method == "POST" else None)
    back = url_has_allowed_host_and_scheme(
        request.GET.get("next", ""), allowed_hosts={request.get_host()}
    )
    if request.method == "POST" and _save_holder_name(request, person, form):
        messages.success(
            request,
            _("The name for %(person)s's certificates is saved.")
            % {"person": display_name(person)},
        )
        return redirect(request.GET["next"] if back else "certificates:rules")
    return render(
        request,
        "certificates/holder_name.html",
        {
            "person": person,
            "name_form": form,
            "holder_name": certificate_name(person),
            "name_locked": selectors.holder_name_locked(person),
        },
    )


@login_required
@require_POST
def set_visibility(request, code):
    certificate = selectors.certificate_by_code(code)
    if certificate is None or certificate.user_id != request.user.pk:
        raise Http404
    form = VisibilityForm(request.POST)
    form.is_valid()
    services.certificate_set_visibility(
        certificate=certificate, user=request.user, show_name=form.cleaned_data["show_name"]
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("certificates:mine")


def _downloadable(request, code) -> Certificate:
    certificate = selectors.certificate_for_download(user=request.user, code=code)
    if certificate is None:
        raise Http404  # never say whether the code exists
    return certificate


@login_required
def download_pdf(request, code):
    certificate = _downloadable(request, code)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


@login_required
def download_credential(request, code, fmt):
    certificate = _downloadable(request, code)
    if fmt == "jwt":
        response = HttpResponse(certificate.credential_jwt, content_type="application/jwt")
    else:
        body = json.dumps(credentials.credential_for(certificate), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/ld+json")
    response["Content-Disposition"] = f'attachment; filename="badge-{certificate.code}.{fmt}"'
    return response


@coordinators_only
def rule_list(request):
    rules = list(selectors.rules_for(request.user))
    rows = [(rule, learning.cohorts_in_scope(rule.course, request.user)) for rule in rules]
    pack_cohorts = list(cohorts_for_packs(request.user))
    return render(
        request, "certificates/rule_list.html", {"rows": rows, "pack_cohorts": pack_cohorts}
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def eligibility(request, pk):
    """Who meets what for a rule (optionally one cohort), and issuing to the eligible."""
    rule = get_object_or_404(CertificateRule.objects.select_related("course", "template"), pk=pk)
    cohorts = learning.cohorts_in_scope(rule.course, request.user)
    cohort = next((c for c in cohorts if str(c.pk) == request.GET.get("cohort")), None)
    if request.GET.get("cohort") and cohort is None:
        raise Http404  # a cohort outside the coordinator's territories
    if request.method == "POST":
        try:
            batch = services.batch_create(
                rule=rule,
                requested_by=request.user,
                cohort=cohort,
                kind=request.POST.get("kind", Certificate.Kind.COMPLETION),
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
            return redirect(request.get_full_path())
        return redirect("certificates:batch", pk=batch.pk)
    rows = selectors.eligibility_table(rule=rule, cohort=cohort, for_user=request.user)
    return render(
        request,
        "certificates/eligibility.html",
        {
            "rule": rule,
            "cohorts": cohorts,
            "cohort": cohort,
            "rows": rows,
            "eligible_count": sum(
                1 for r in rows if r.eligible and not r.certificate and not r.name_problem
            ),
            "attendance_count": sum(1 for r in rows if r.attendance_issuable),
            "reissue_count": sum(
                1
                for r in rows
                if r.certificate_reissue is not None or r.attendance_reissue is not None
            ),
        },
    )


@coordinators_only
def batch_progress(request, pk):
    batch = get_object_or_404(IssueBatch.objects.select_related("rule", "cohort"), pk=pk)
    if not learning.batch_in_scope(request.user, batch):
        raise Http404
    return render(request, "certificates/batch.html", {"batch": batch})


@coordinators_only
@require_http_methods(["GET", "POST"])
def manage(request, code):
    """A coordinator revokes or re-issues one certificate, saying why."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None or not learning.in_scope(request.user, certificate.user):
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "reissue":
                new = services.certificate_reissue(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("A new version was issued: %(code)s.") % {"code": new.code}
                )
                return redirect("certificates:manage", code=new.code)
            services.certificate_revoke(
                certificate=certificate,
                by=request.user,
                reason=form.cleaned_data["reason"],
                reason_public=form.cleaned_data["reason_public"],
            )
            messages.success(request, _("The certificate is revoked."))
            return redirect("certificates:manage", code=certificate.code)
        except services.CertificateError as error:
            form.add_error(None, str(error))
    events = certificate.events.select_related("actor").all()
    return render(
        request,
        "certificates/manage.html",
        {
            "certificate": certificate,
            "form": form,
            "events": events,
            # The ledger's workshop hours now, when they differ from those printed.
            "reissue_hours": selectors.reissue_flags([certificate]).get(certificate.pk),
        },
    )
