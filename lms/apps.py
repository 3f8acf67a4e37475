from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The project shell: base templates, static files, catalogues, setup commands."""

    name = "lms"
    verbose_name = _("Impact LMS")

    def ready(self):
        from . import i18n

        i18n.install()  # every page links in the reader's language (see lms/i18n.py)

        from wagtail.models import Site

        from . import caching

        # Every page asks which site serves it: from the cache (see lms/caching.py).
        Site.find_for_request = staticmethod(caching.site_for_request)
        caching.install_locale_cache()
        caching.install_root_paths_memo()
        caching.install_route_cache()
        caching.install_view_restriction_shortcut()
        caching.install_user_cache()
        caching.connect_signals()
