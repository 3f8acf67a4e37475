from django.conf import settings
from django.utils import translation

from lms.roles import is_staff_role

RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


def site_shell(request):
    """What the base template needs on every page: languages, direction, role."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    user = getattr(request, "user", None)
    return {
        "site_languages": settings.LANGUAGES,
        "text_direction": "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr",
        "user_is_staff_role": bool(user and is_staff_role(user)),
    }
