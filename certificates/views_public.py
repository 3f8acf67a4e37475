"""Public, language-neutral pages: verification, issuer profile and keys."""

import hashlib

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from lms.i18n import negotiated

from . import credentials, selectors
from .forms import VerifyForm
from .models import Certificate, CertificateRule
from .ratelimit import rate_limited


@negotiated("certificates:verify_form")
@rate_limited
@require_http_methods(["GET", "POST"])
def verify_form(request):
    """Enter a code or upload a PDF; a PDF is recognised by its SHA-256 only."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("pdf")
        if upload:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            certificate = selectors.certificate_by_pdf_hash(digest.hexdigest())
            if certificate:
                return redirect(certificate)
            return render(
                request, "certificates/verify_result.html", {"state": "unknown_pdf"}, status=404
            )
        certificate = selectors.certificate_by_code(form.cleaned_data["code"])
        if certificate:
            return redirect(certificate)
        return render(
            request,
            "certificates/verify_result.html",
            {"state": "unknown", "code": form.cleaned_data["code"]},
            status=404,
        )
    return render(request, "certificates/verify_form.html", {"form": form})


def _public_record(certificate: Certificate) -> dict:
    record = {
        "code": certificate.code,
        "state": certificate.state,
        "name": certificate.public_name,
        "course": certificate.course_title,
        "course_en": certificate.course_title_en or certificate.course_title,
        "issued_on": certificate.issued_on.isoformat(),
        "hours": str(certificate.hours),
        "competencies": certificate.competencies,
        "version": certificate.version,
    }
    if certificate.state == Certificate.State.REVOKED:
        record["revoked_on"] = certificate.revoked_at.date().isoformat()
        record["revoked_reason"] = certificate.public_reason
    if certificate.replaced_by_id:
        record["current_code"] = selectors.current_version(certificate).code
    return record


@negotiated("certificates:verify")
@rate_limited
def verify(request, code):
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return render(
            request,
            "certificates/verify_result.html",
            {"state": "unknown", "code": code},
            status=404,
        )
    if certificate.code != code:
        return redirect(certificate)
    current = selectors.current_version(certificate) if certificate.replaced_by_id else None
    return render(
        request,
        "certificates/verify_result.html",
        {"state": certificate.state, "certificate": certificate, "current": current},
    )


@rate_limited
def verify_json(request, code):
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return JsonResponse({"code": code, "state": "unknown"}, status=404)
    return JsonResponse(_public_record(certificate), json_dumps_params={"ensure_ascii": False})


def jwks(request):
    return JsonResponse({"keys": [credentials.public_jwk()]})


def key(request, thumbprint):
    """The public key a VC-JWT's ``kid`` names (the URI is the key id)."""
    if thumbprint != credentials.thumbprint():
        raise Http404
    return JsonResponse(credentials.public_jwk())


def status_list(request):
    """The W3C Bitstring Status List of revoked certificates, always current: a
    BitstringStatusListCredential signed as VC-JWT with the issuer's key."""
    response = HttpResponse(
        credentials.signed_status_list(), content_type=credentials.STATUS_LIST_MEDIA_TYPE
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def achievement(request, pk: int):
    """The OB 3.0 Achievement a rule's credentials embed (public, as the badge is)."""
    rule = get_object_or_404(CertificateRule.objects.select_related("course"), pk=pk)
    title = rule.course.title if rule.course_id else rule.name
    return JsonResponse(
        {
            "@context": credentials.CONTEXTS,
            **credentials.achievement(rule, title, rule.competency_list()),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def issuer(request):
    return JsonResponse(credentials.issuer_profile(), json_dumps_params={"ensure_ascii": False})
