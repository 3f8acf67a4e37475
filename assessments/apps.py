from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from lms.accounts.personal_data import register_section

        from .personal_data import assessments_personal_data

        register_section("assessments", assessments_personal_data)
