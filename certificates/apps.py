from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from lms.caching import bump

        from .models import CertificateRule

        def rules_changed(sender, **kwargs):
            bump("certificate-rules")  # see selectors.rule_course_keys

        for signal in (post_save, post_delete):
            signal.connect(
                rules_changed, sender=CertificateRule, weak=False, dispatch_uid="rules-version"
            )
