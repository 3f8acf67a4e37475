"""A session's attendance register for the funder: PDF and CSV, only for the session's
trainers and the coordinators (``courses.selectors.sessions_for_trainer``); anyone
else gets 404, so a session's existence does not leak."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from courses.selectors import register_content, register_csv, register_sha256, sessions_for_trainer
from lms.roles import staff_required

from .registers import register_pdf


def _session(request, pk):
    return get_object_or_404(sessions_for_trainer(user=request.user), pk=pk)


@staff_required
def session_register_pdf(request, pk: int):
    session = _session(request, pk)
    pdf, digest = register_pdf(session, language=get_language() or "it")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="register-{session.pk}.pdf"'
    response["X-Register-SHA256"] = digest
    return response


@staff_required
def session_register_csv(request, pk: int):
    session = _session(request, pk)
    content = register_content(session)
    response = HttpResponse(register_csv(content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{session.pk}.csv"'
    response["X-Register-SHA256"] = register_sha256(content)
    return response
