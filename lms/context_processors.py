from django.conf import settings
from django.utils import translation

from lms.roles import is_staff_role


def site_shell(request):
    """What the base template needs on every page: languages, direction, role."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    user = getattr(request, "user", None)
    return {
        "site_languages": settings.LANGUAGES,
        "text_direction": "rtl" if translation.get_language_info(language)["bidi"] else "ltr",
        "user_is_staff_role": bool(user and is_staff_role(user)),
    }
