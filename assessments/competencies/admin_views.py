"""Admin screens that are not plain model forms: framework import and export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from assessments.models import CompetencyFramework
from lms.roles import role_required

from .exceptions import InterchangeError
from .forms import FrameworkImportForm
from .interchange import FORMATS, decode, export_text, import_text


@method_decorator(role_required(permission="assessments.add_competencyframework"), name="dispatch")
class FrameworkInterchangeView(WagtailAdminTemplateMixin, FormView):
    """Upload a Moodle competency CSV or a CASE JSON file; download any framework."""

    form_class = FrameworkImportForm
    template_name = "assessments/competencies/admin/interchange.html"
    page_title = gettext_lazy("Import and export frameworks")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["frameworks"] = CompetencyFramework.objects.order_by("idnumber")
        return context

    def form_valid(self, form):
        text = decode(form.cleaned_data["data"])
        try:
            framework = import_text(text, form.cleaned_data["format"])
        except InterchangeError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors)
            )
        count = framework.competencies.count()
        messages.success(
            self.request,
            ngettext(
                "Imported %(name)s with %(count)s competency.",
                "Imported %(name)s with %(count)s competencies.",
                count,
            )
            % {"name": framework.display_name, "count": count},
        )
        return redirect(self.request.path)


@method_decorator(role_required(permission="assessments.view_competencyframework"), name="dispatch")
class FrameworkExportView(View):
    """Download one framework as Moodle CSV or CASE JSON."""

    def get(self, request, pk: int, fmt: str):
        if fmt not in FORMATS:
            raise Http404
        framework = (
            CompetencyFramework.objects.select_related("scale")
            .prefetch_related("scale__levels")
            .filter(pk=pk)
            .first()
        )
        if framework is None:
            raise Http404
        text = export_text(framework, fmt)
        extension, content_type = (
            ("csv", "text/csv; charset=utf-8")
            if fmt == "moodle-csv"
            else ("json", "application/json")
        )
        response = HttpResponse(text, content_type=content_type)
        filename = f"{slugify(framework.idnumber) or 'framework'}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
