"""Admin screens that are not plain model forms: the CSV enrolment import."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.roles import role_required

from .forms import EnrollmentImportForm
from .importers import EnrollmentImportError, enrollment_import


@method_decorator(role_required(permission="courses.add_enrollment"), name="dispatch")
class EnrollmentImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV of people to enrol; shows every bad row, or what was done."""

    form_class = EnrollmentImportForm
    template_name = "courses/admin/enrollment_import.html"
    page_title = gettext_lazy("Import enrolments")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        try:
            result = enrollment_import(
                data=form.cleaned_data["file"].read(),
                course=form.cleaned_data["course"],
                default_cohort=form.cleaned_data["cohort"],
                enrolled_by=self.request.user,
            )
        except EnrollmentImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors)
            )
        messages.success(
            self.request,
            _(
                "%(enrolled)s enrolled, %(unchanged)s already enrolled, "
                "%(invited)s new people invited by e-mail."
            )
            % {
                "enrolled": len(result.enrolled),
                "unchanged": len(result.unchanged),
                "invited": len(result.created_people),
            },
        )
        return redirect(self.request.path)
