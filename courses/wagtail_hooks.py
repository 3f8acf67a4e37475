"""Admin wiring: cohorts, sessions, enrolments and the CSV import, in one menu group."""

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms import admin_scope
from lms import hooks as lms_hooks
from lms.menu import RoleMenuItem
from lms.roles import STAFF_ROLES

from . import services
from .admin_views import EnrollmentImportView, PersonEnrolView, enrollment_import_sample
from .models import Cohort, Enrollment, WorkshopSession
from .personal_data import courses_personal_data
from .selectors import cohorts_visible_to, original_courses, people_visible_to


class OriginalCoursesForm(WagtailAdminModelForm):
    """Offer only original courses (not translations): records point at originals."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("course", "courses"):
            if name in self.fields:
                self.fields[name].queryset = original_courses()


# --- Scope in the admin: the site's rule (a trainer: their cohorts; a coordinator: the
# cohorts and people of their territories; a programme coordinator: all)

admin_scope.register(
    get_user_model(), lambda user, qs: qs.filter(pk__in=people_visible_to(user).values("pk"))
)
admin_scope.register(
    Cohort, lambda user, qs: qs.filter(pk__in=cohorts_visible_to(user).values("pk"))
)
admin_scope.register(
    WorkshopSession, lambda user, qs: qs.filter(cohort__in=cohorts_visible_to(user).values("pk"))
)
admin_scope.register(
    Enrollment, lambda user, qs: qs.filter(cohort__in=cohorts_visible_to(user).values("pk"))
)


class CoursesModelViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    """A model viewset whose forms offer original courses only."""

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=OriginalCoursesForm, fields=self.form_fields)


class CohortViewSet(CoursesModelViewSet):
    model = Cohort
    icon = "group"
    # Columns in the listing.
    list_display = ["name", "territory", "starts_on", "ends_on"]
    list_filter = ["territory"]
    search_fields = ["name"]
    form_fields = ["name", "territory", "courses", "trainers", "starts_on", "ends_on"]
    copy_view_enabled = False


class WorkshopSessionViewSet(CoursesModelViewSet):
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

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:  # e.g. a cohort that does not follow the course
            form.add_error(None, error)
            self.produced_error_message = " ".join(error.messages)
            return self.form_invalid(form)

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


class EnrollmentViewSet(CoursesModelViewSet):
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

    menu_item_class = functools.partial(RoleMenuItem, permission="courses.add_enrollment")

    def get_urlpatterns(self):
        return [
            path("", EnrollmentImportView.as_view(), name="index"),
            path("sample.csv", enrollment_import_sample, name="sample"),
            path("person/", PersonEnrolView.as_view(), name="person"),
        ]


class CoursesViewSetGroup(ViewSetGroup):
    menu_label = _("Courses")
    menu_icon = "group"
    menu_order = 200
    items = (CohortViewSet, WorkshopSessionViewSet, EnrollmentViewSet, EnrollmentImportViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return CoursesViewSetGroup()


@hooks.register("register_admin_urls")
def register_translation_urls():
    from . import admin_views

    return [
        path("translations/", admin_views.translations, name="courses_translations"),
        path(
            "translations/<int:pk>/",
            admin_views.course_translations,
            name="courses_course_translations",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return RoleMenuItem(
        _("Translations"),
        reverse("courses_translations"),
        icon_name="globe",
        order=220,
        roles=STAFF_ROLES,
    )


@hooks.register("register_admin_menu_item")
def register_cohorts_menu_item():
    return RoleMenuItem(
        _("My cohorts and attendance"),
        reverse("courses:cohort_list"),
        icon_name="table",
        order=210,
        roles=STAFF_ROLES,
    )


# --- Extension points (declared in lms/hooks.py) ---------------------------------


@hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
def register_personal_data(*, user):
    return {"courses": courses_personal_data(user)}


@hooks.register(lms_hooks.CALENDAR_EVENTS)
def calendar_session_events(*, user, since, base_url):
    from .calendar_feed import session_events

    return session_events(user=user, since=since, base_url=base_url)


@hooks.register(lms_hooks.ERASURE_RECORDS_KEPT)
def keep_attendance_registers(*, user, pseudonym):
    """The funder audits who attended which session for how long: an erased person's
    register lines stay, under their pseudonym (GDPR Art. 17(3)(b))."""
    from .models import AttendanceConfirmation, AttendanceEntry

    moved = AttendanceEntry.objects.filter(user=user).update(user=pseudonym)
    return moved + AttendanceConfirmation.objects.filter(user=user).update(user=pseudonym)


@hooks.register(lms_hooks.NOTIFICATIONS_DUE)
def session_reminders_due(*, now):
    from .reminders import session_reminders_due as due

    return due(now=now)
