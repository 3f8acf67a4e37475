from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "courses.lab"
    label = "lab"
    verbose_name = _("Participatory lab")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from .models import Problem
        from .uploads import delete_attachment_file

        post_delete.connect(delete_attachment_file, sender=Problem, dispatch_uid="lab-attachment")
