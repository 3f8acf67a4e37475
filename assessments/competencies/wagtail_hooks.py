"""Admin wiring for competencies: scales, frameworks, competencies, alignments and
self-assessments as snippets, import/export, and links to the trainer pages, in one
menu group. Imported by ``assessments/wagtail_hooks.py``."""

import functools

from django import forms
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from assessments.models import (
    Competency,
    CompetencyAlignment,
    CompetencyFramework,
    ProficiencyScale,
    SelfAssessment,
)
from lms import admin_scope
from lms import hooks as lms_hooks
from lms.menu import RoleMenuItem
from lms.roles import Role

from .admin_views import FrameworkExportView, FrameworkInterchangeView
from .personal_data import competencies_personal_data


class ScaleForm(WagtailAdminModelForm):
    """Refuses any change to the levels of a scale that ratings already use."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_in_use():
            changed = "proficient_from" in self.changed_data or any(
                formset.has_changed() for formset in self.formsets.values()
            )
            if changed:
                raise forms.ValidationError(
                    _(
                        "Learners already have ratings on this scale, so its levels cannot "
                        "change. Create a new scale instead."
                    )
                )
        return cleaned


class ProficiencyScaleViewSet(admin_scope.ScopedViewSetMixin, SnippetViewSet):
    model = ProficiencyScale
    icon = "list-ol"
    # Columns in the listing.
    list_display = ["name", "name_en", "proficient_from"]
    edit_handler = ObjectList(ProficiencyScale.panels, base_form_class=ScaleForm)
    copy_view_enabled = False


class CompetencyFrameworkViewSet(admin_scope.ScopedViewSetMixin, SnippetViewSet):
    model = CompetencyFramework
    icon = "tasks"
    list_display = ["idnumber", "name", "name_en", "scale"]
    search_fields = ["idnumber", "name", "name_en"]


class CompetencyViewSet(admin_scope.ScopedViewSetMixin, SnippetViewSet):
    model = Competency
    icon = "pick"
    list_display = ["idnumber", "name", "name_en", "parent", "rule_type"]
    list_filter = ["framework", "rule_type"]
    list_per_page = 100


class CompetencyAlignmentViewSet(admin_scope.ScopedViewSetMixin, SnippetViewSet):
    model = CompetencyAlignment
    icon = "link"
    list_display = ["page", "competency"]
    list_filter = ["competency__framework"]


class SelfAssessmentViewSet(admin_scope.ScopedViewSetMixin, SnippetViewSet):
    model = SelfAssessment
    icon = "clipboard-list"
    list_display = ["name", "name_en", "framework", "is_open"]


class FrameworkInterchangeViewSet(ViewSet):
    name = "competency_interchange"
    icon = "upload"
    menu_label = _("Import and export frameworks")

    menu_item_class = functools.partial(
        RoleMenuItem, permission="assessments.add_competencyframework"
    )

    def get_urlpatterns(self):
        return [
            path("", FrameworkInterchangeView.as_view(), name="index"),
            path("<int:pk>/<str:fmt>/", FrameworkExportView.as_view(), name="export"),
        ]


class CompetenciesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Competencies")
    menu_icon = "tasks"
    menu_order = 300
    items = (
        CompetencyFrameworkViewSet,
        CompetencyViewSet,
        ProficiencyScaleViewSet,
        SelfAssessmentViewSet,
        CompetencyAlignmentViewSet,
        FrameworkInterchangeViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewset():
    return CompetenciesViewSetGroup()


@hooks.register("register_admin_menu_item")
def register_observation_menu_item():
    return RoleMenuItem(
        _("Record an observation"),
        reverse("assessments:competencies:observe"),
        icon_name="edit",
        order=310,
        roles=[Role.TRAINER],
    )


@hooks.register("register_admin_menu_item")
def register_signoff_menu_item():
    return RoleMenuItem(
        _("Sign off a competency"),
        reverse("assessments:competencies:signoff"),
        icon_name="tick",
        order=313,
        roles=[Role.TRAINER],
    )


@hooks.register("register_admin_menu_item")
def register_raters_menu_item():
    return RoleMenuItem(
        _("Raters and agreement"),
        reverse("assessments:competencies:raters"),
        icon_name="group",
        order=314,
        roles=[Role.COORDINATOR],
    )


@hooks.register("register_admin_menu_item")
def register_heatmap_menu_item():
    return RoleMenuItem(
        _("Competency heat map"),
        reverse("assessments:competencies:heatmap"),
        icon_name="table",
        order=311,
        permission="assessments.view_competencyrating",
    )


@hooks.register("register_admin_menu_item")
def register_needs_menu_item():
    return RoleMenuItem(
        _("Training needs"),
        reverse("assessments:competencies:needs"),
        icon_name="doc-full",
        order=312,
        permission="assessments.view_competencyrating",
    )


# --- Extension points (declared in lms/hooks.py) ---------------------------------


@hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
def register_personal_data(*, user):
    return {"competencies": competencies_personal_data(user)}


@hooks.register("before_delete_snippet")
def refuse_deleting_used_competencies(request, instances):
    """Deleting a competency (or a framework) that evidence, a self-assessment or a
    focus group uses would delete evidence, which is kept for good, or fail: refuse it
    with a message saying why, before anything is deleted (single and bulk delete)."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import ngettext

    from . import selectors

    competencies = [item for item in instances if isinstance(item, Competency)]
    frameworks = [item for item in instances if isinstance(item, CompetencyFramework)]
    if not (competencies or frameworks):
        return None
    used = selectors.competencies_in_use(competencies=competencies, frameworks=frameworks)
    if not used:
        return None
    names = ", ".join(sorted(str(item) for item in used))
    messages.error(
        request,
        ngettext(
            "Nothing was deleted: %(names)s has evidence, self-assessment statements or "
            "focus-group ratings (its own or those of a competency under it). Evidence is "
            "kept for good; remove the statements and alignments first, or keep it.",
            "Nothing was deleted: %(names)s have evidence, self-assessment statements or "
            "focus-group ratings (their own or those of competencies under them). Evidence "
            "is kept for good; remove the statements and alignments first, or keep them.",
            len(used),
        )
        % {"names": names},
    )
    model = type(instances[0])
    meta = model._meta
    try:
        return redirect(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"))
    except NoReverseMatch:
        return redirect("wagtailadmin_home")
