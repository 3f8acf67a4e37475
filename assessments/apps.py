from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        # Graded quiz attempts become competency evidence.
        from .competencies.receivers import record_attempt_evidence
        from .hooks import register_attempt_graded

        register_attempt_graded(record_attempt_evidence)
