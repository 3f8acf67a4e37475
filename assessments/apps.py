from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from django.db.models.signals import post_delete

        from .competencies.uploads import delete_claim_file
        from .models import PriorLearningClaim

        post_delete.connect(delete_claim_file, sender=PriorLearningClaim, dispatch_uid="claim-file")
