"""Admin wiring: paths (with their stages) and groups, in one menu group."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.selectors import cohorts_visible_to
from lms import admin_scope
from lms import hooks as lms_hooks
from lms.menu import RoleMenuItem
from lms.roles import STAFF_ROLES

from .models import LabGroup, ParticipatoryPath, Stage
from .personal_data import lab_erase_personal_content, lab_personal_data

# Scope in the admin: the paths of the cohorts a trainer trains (coordinators: all).
# Being a stage's facilitator does not open the path's settings: otherwise a trainer
# could make themselves facilitator of another cohort's path.
admin_scope.register(
    ParticipatoryPath, lambda user, qs: qs.filter(cohort__in=cohorts_visible_to(user).values("pk"))
)
admin_scope.register(
    Stage, lambda user, qs: qs.filter(path__cohort__in=cohorts_visible_to(user).values("pk"))
)
admin_scope.register(
    LabGroup, lambda user, qs: qs.filter(path__cohort__in=cohorts_visible_to(user).values("pk"))
)


class ParticipatoryPathViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    model = ParticipatoryPath
    icon = "site"
    # Columns in the listing.
    list_display = ["title", "cohort", "votes_per_participant", "created_at"]
    list_filter = ["cohort"]
    search_fields = ["title"]
    # The form comes from the model's panels (stages are an inline panel).
    copy_view_enabled = False


class LabGroupViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    model = LabGroup
    icon = "group"
    list_display = ["name", "path"]
    list_filter = ["path"]
    search_fields = ["name"]
    form_fields = ["path", "name", "members"]
    copy_view_enabled = False


class LabViewSetGroup(ViewSetGroup):
    menu_label = _("Participatory lab")
    menu_icon = "site"
    menu_order = 220
    items = (ParticipatoryPathViewSet, LabGroupViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return LabViewSetGroup()


@hooks.register("register_admin_menu_item")
def register_lab_menu_item():
    return RoleMenuItem(
        _("Participatory paths (site)"),
        reverse("courses:lab:index"),
        icon_name="site",
        order=230,
        roles=STAFF_ROLES,
    )


# --- Extension points (declared in lms/hooks.py) ---------------------------------


@hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
def register_personal_data(*, user):
    return {"lab": lab_personal_data(user)}


@hooks.register(lms_hooks.ERASURE_PERSONAL_CONTENT)
def register_erasure(*, user):
    return lab_erase_personal_content(user)


@hooks.register(lms_hooks.CONSENT_WITHDRAWN)
def withdraw_publication(*, user, purpose):
    """Withdrawing the consent to publish lab work takes the person's proposals off the
    territory's public page at once (their photos are withheld where they are shown:
    ``Problem.photo_withheld``)."""
    from lms.accounts.consents import Purpose

    from .services.proposals import unpublish_work_of

    if purpose == Purpose.LAB_PUBLICATION:
        unpublish_work_of(user)


@hooks.register(lms_hooks.NOTIFICATIONS_DUE)
def proposal_responses_due(*, now):
    from .reminders import proposal_responses_due as due

    return due(now=now)
