from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from . import assessment_criteria, course_criteria, personal_data

        course_criteria.register()
        assessment_criteria.register()
        personal_data.register()
        self._register_dashboard_panel()

    @staticmethod
    def _register_dashboard_panel():
        from courses.dashboard_panels import DashboardPanel, register_dashboard_panel

        from .selectors import dashboard_panel_context

        register_dashboard_panel(
            DashboardPanel(
                name="certificates",
                template_name="certificates/dashboard_panel.html",
                get_context=dashboard_panel_context,
            )
        )
