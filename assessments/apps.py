from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from lms.accounts.personal_data import register_section

        from .competencies.personal_data import competencies_personal_data
        from .competencies.receivers import record_attempt_evidence
        from .hooks import register_attempt_graded
        from .personal_data import assessments_personal_data

        register_section("assessments", assessments_personal_data)
        # Graded quiz attempts become competency evidence.
        register_attempt_graded(record_attempt_evidence)
        register_section("competencies", competencies_personal_data)
        # Facilitators' recognitions in the participatory lab become evidence too.
        from .lab_evidence import register as register_lab_evidence

        register_lab_evidence()
