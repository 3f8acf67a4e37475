"""Admin wiring: certificate templates (snippets with preview), rules and issued certificates."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms import admin_scope
from lms import hooks as lms_hooks
from lms.menu import RoleMenuItem
from lms.roles import Role

from . import personal_data, selectors
from .models import CertificateRule, CertificateTemplate


class CertificateTemplateViewSet(admin_scope.ScopedViewSetMixin, SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    # The snippet preview panel shows a real PDF for a sample learner.
    list_display = ["name", "orientation", "language"]
    add_to_admin_menu = False


class CertificateRuleViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    model = CertificateRule
    icon = "tasks"
    list_display = ["name", "course", "template", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    form_fields = [
        "name",
        "course",
        "template",
        "require_all_modules",
        "min_quiz_grade",
        "min_attendance",
        "competencies",
        "require_signoff",
        "is_active",
    ]


register_snippet(CertificateTemplateViewSet)


class CertificatesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "success"
    items = (CertificateRuleViewSet,)


@hooks.register("register_admin_viewset")
def register_certificates_group():
    return CertificatesViewSetGroup()


@hooks.register("register_admin_menu_item")
def register_templates_and_issuing():
    return RoleMenuItem(
        _("Issue certificates"),
        reverse("certificates:rules"),
        icon_name="success",
        order=900,
        roles=[Role.COORDINATOR],
    )


@hooks.register("register_admin_menu_item")
def register_signoff_menu_item():
    return RoleMenuItem(
        _("Sign off a course"),
        reverse("certificates:signoff"),
        icon_name="tick",
        order=902,
        roles=[Role.TRAINER],
    )


@hooks.register("register_admin_menu_item")
def register_template_menu():
    return RoleMenuItem(
        _("Certificate templates"),
        reverse("wagtailsnippets_certificates_certificatetemplate:list"),
        icon_name="doc-full",
        order=901,
        roles=[Role.COORDINATOR],
    )


# --- Extension points (declared in lms/hooks.py) ---------------------------------


@hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
def register_personal_data(*, user):
    return {"certificates": personal_data.collect(user), **personal_data.collect_signoffs(user)}


@hooks.register(lms_hooks.ERASURE_RECORDS_KEPT)
def keep_certificates(*, user, pseudonym):
    """Issued certificates are kept for the funder's audit (GDPR Art. 17(3)(b)), under the
    holder's pseudonym: the stored PDF and the signed badge are re-made without the name.
    Cohort packs that hold their PDFs are discarded (they print the name); the pack page
    builds them again."""
    from .models import Certificate
    from .packs import packs_discard_for
    from .services import certificates_pseudonymise

    packs_discard_for(Certificate.objects.filter(user=user).values_list("code", flat=True))
    return certificates_pseudonymise(user=user, pseudonym=pseudonym)


@hooks.register(lms_hooks.DASHBOARD_PANELS)
def register_dashboard_panel(*, request, enrolled_course_ids=None, **kwargs):
    return lms_hooks.DashboardPanel(
        template_name="certificates/dashboard_panel.html",
        context=selectors.dashboard_panel_context(
            user=request.user, enrolled_course_ids=enrolled_course_ids
        ),
    )


@hooks.register(lms_hooks.NOTIFICATIONS_DUE)
def certificates_ready_due(*, now):
    from .reminders import certificates_ready_due as due

    return due(now=now)
