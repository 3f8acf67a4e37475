"""Admin wiring: cohorts, sessions, enrolments and the CSV import, in one menu group."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms.roles import is_staff_role

from . import services
from .admin_views import EnrollmentImportView
from .models import Cohort, Enrollment, WorkshopSession


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    # Columns in the listing.
    list_display = ["name", "territory", "starts_on", "ends_on"]
    list_filter = ["territory"]
    search_fields = ["name"]
    form_fields = ["name", "territory", "courses", "trainers", "starts_on", "ends_on"]
    copy_view_enabled = False


class WorkshopSessionViewSet(ModelViewSet):
    model = WorkshopSession
    icon = "date"
    list_display = ["title", "starts_at", "cohort", "hours", "registered_count", "capacity"]
    list_filter = ["cohort"]
    search_fields = ["title", "place"]
    form_fields = [
        "cohort",
        "course",
        "title",
        "description",
        "starts_at",
        "hours",
        "place",
        "online_url",
        "facilitators",
        "capacity",
    ]


class EnrollmentCreateMixin:
    """Enrolments made in the admin go through the service, like every other write."""

    def save_instance(self):
        data = self.form.cleaned_data
        enrollment, _created = services.enrollment_create(
            user=data["user"],
            course=data["course"],
            cohort=data.get("cohort"),
            source=Enrollment.Source.COORDINATOR,
            enrolled_by=self.request.user,
        )
        return enrollment


class EnrollmentViewSet(ModelViewSet):
    model = Enrollment
    icon = "user"
    list_display = ["user", "course", "cohort", "source", "created_at", "completed_at"]
    list_filter = ["cohort", "source"]
    search_fields = ["user__email", "user__last_name"]
    form_fields = ["user", "course", "cohort"]
    copy_view_enabled = False

    @property
    def add_view_class(self):
        from wagtail.admin.views.generic.models import CreateView

        return type("EnrollmentCreateView", (EnrollmentCreateMixin, CreateView), {})


class EnrollmentImportViewSet(ViewSet):
    name = "enrollment_import"
    icon = "upload"
    menu_label = _("Import enrolments")

    @property
    def menu_item_class(self):
        return ImportMenuItem

    def get_urlpatterns(self):
        return [path("", EnrollmentImportView.as_view(), name="index")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.add_enrollment")


class CoursesViewSetGroup(ViewSetGroup):
    menu_label = _("Courses")
    menu_icon = "group"
    menu_order = 200
    items = (CohortViewSet, WorkshopSessionViewSet, EnrollmentViewSet, EnrollmentImportViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return CoursesViewSetGroup()


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_role(request.user)


@hooks.register("register_admin_menu_item")
def register_cohorts_menu_item():
    return StaffMenuItem(
        _("My cohorts and attendance"),
        reverse("courses:cohort_list"),
        icon_name="table",
        order=210,
    )
