"""Admin screens that are not plain model forms: the CSV enrolment import."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms import hooks
from lms.i18n import language_name
from lms.roles import STAFF_ROLES, role_required

from . import selectors
from .forms import EnrollmentImportForm, PersonEnrolForm
from .importers import (
    SAMPLE_CSV,
    EnrollmentImportError,
    enrollment_import,
    enrollment_import_plan,
    person_enrol,
)


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
        """First a preview of what each row will do; the import runs on "confirm"."""
        data = form.cleaned_data["content"]
        arguments = {
            "course": form.cleaned_data["course"],
            "default_cohort": form.cleaned_data["cohort"],
        }
        try:
            if "confirm" not in self.request.POST:
                plan = enrollment_import_plan(data=data, **arguments)
                form = self.form_class(initial={**form.cleaned_data, "content": data, "file": None})
                return self.render_to_response(
                    self.get_context_data(form=form, plan=plan, content=data)
                )
            result = enrollment_import(data=data, enrolled_by=self.request.user, **arguments)
        except EnrollmentImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors)
            )
        messages.success(
            self.request,
            _(
                "%(enrolled)s enrolled, %(moved)s moved to the cohort in the file, "
                "%(unchanged)s already enrolled, %(invited)s new people invited by e-mail, "
                "%(cards)s new people without e-mail (print them a login card)."
            )
            % {
                "enrolled": len(result.enrolled),
                "moved": len(result.moved),
                "unchanged": len(result.unchanged),
                "invited": len(result.created_people) - len(result.need_card),
                "cards": len(result.need_card),
            },
        )
        return redirect(self.request.path)


@method_decorator(role_required(permission="courses.add_enrollment"), name="dispatch")
class PersonEnrolView(WagtailAdminTemplateMixin, FormView):
    """Enrol one person, who may have only a name or only a phone number (issue 19)."""

    form_class = PersonEnrolForm
    template_name = "courses/admin/person_enrol.html"
    page_title = gettext_lazy("Enrol a person")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = person_enrol(
                course=data["course"],
                cohort=data["cohort"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                language=data["language"],
                enrolled_by=self.request.user,
            )
        except EnrollmentImportError as error:
            for _line, reason in error.errors:
                form.add_error(None, reason)
            return self.form_invalid(form)
        person = (result.created_people or result.enrolled or result.moved or result.unchanged)[0]
        if result.need_card:
            messages.success(
                self.request,
                _(
                    "%(person)s is enrolled. Without an e-mail address they sign in with a "
                    "login card: print it on the Login cards page."
                )
                % {"person": person},
            )
        elif result.created_people:
            messages.success(
                self.request,
                _("%(person)s is enrolled and invited by e-mail.") % {"person": person},
            )
        else:
            messages.success(self.request, _("%(person)s is enrolled.") % {"person": person})
        return redirect(self.request.path)


@role_required(permission="courses.add_enrollment")
def enrollment_import_sample(request):
    """A sample CSV to start from (the columns, a row with a cohort, one without)."""
    response = HttpResponse(SAMPLE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enrolments-sample.csv"'
    return response


@role_required(*STAFF_ROLES)
def translations(request):
    """Translation coverage of every course, per language, for trainers: how much of
    each course is translated, and how many pages are missing or outdated."""
    courses = list(selectors.translatable_courses(request.user).live())
    coverage = selectors.language_coverage(courses)
    rows = []
    for course in courses:
        languages, pages = selectors.translation_status(course)
        counts = {
            code: {
                state: sum(row.cells[code].state == state for row in pages)
                for state in ("missing", "outdated")
            }
            for code in languages
        }
        percent = {entry.code: entry.percent for entry in coverage.get(course.pk, [])}
        others = hooks.translation_items(course, languages)
        rows.append(
            {
                "course": course,
                "items": others,
                "languages": [
                    {"code": code, "name": language_name(code), "percent": percent.get(code, 0),
                     **counts[code],
                     "items": [
                         {"label": items.label, "url": items.url, "total": items.total,
                          "translated": items.translated.get(code, 0),
                          "outdated": items.outdated.get(code, 0)}
                         for items in others
                     ]}
                    for code in languages
                ],
            }
        )  # fmt: skip
    return TemplateResponse(
        request,
        "courses/admin/translations.html",
        {"rows": rows, "page_title": _("Translations")},
    )


@role_required(*STAFF_ROLES)
def course_translations(request, pk: int):
    """Every page of one course, with each language's state and a link to edit it."""
    course = get_object_or_404(selectors.translatable_courses(request.user), pk=pk)
    languages, rows = selectors.translation_status(course)
    return TemplateResponse(
        request,
        "courses/admin/course_translations.html",
        {
            "course": course,
            "languages": [(code, language_name(code)) for code in languages],
            "rows": rows,
            "page_title": _("Translations of %(course)s") % {"course": course.title},
        },
    )
