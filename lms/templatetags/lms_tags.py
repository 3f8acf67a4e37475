from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from lms.accounts.names import display_name as _display_name
from lms.i18n import active_language, lang_attrs, language_name, page_language, switch_url
from lms.roles import is_staff_role

register = template.Library()

LANGUAGE_NATIVE_NAMES = {"it": "Italiano", "en": "English", "fr": "Français", "ar": "العربية"}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every site language.

    On a Wagtail page the link goes to the page's translation where one exists;
    elsewhere the same URL under the other language's prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translated = {}
    if page is not None and getattr(page, "pk", None) and hasattr(page, "get_translations"):
        translated = _translation_urls(page, request)
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translated:
            url = translated[code]
        elif request is not None:
            # Untranslated: the same address under that language's prefix, which serves
            # the original (see lms.i18n).
            url = switch_url(request, code)
        else:
            url = "/"
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NATIVE_NAMES.get(code, code),
                "url": url,
                "current": code == current,
                "bidi": "rtl" if translation.get_language_info(code)["bidi"] else "ltr",
            }
        )
    return {"languages": links}


def _translation_urls(page, request) -> dict[str, str]:
    """The addresses of ``page``'s live translations, by language: kept in the cache
    under the page tree's version (a translation added, published, moved or renamed
    makes a new one) and the site serving the request."""
    from lms import caching

    def compute():
        urls = {}
        for other in page.get_translations(inclusive=True).select_related("locale").live():
            code = other.locale.language_code
            with translation.override(code):  # its own address, not the reader's language
                urls[code] = other.get_url(request)
        return urls

    site = getattr(caching.site_for_request(request), "pk", "")
    return caching.remember(
        lambda: f"lms:translation-urls:{caching.tree_version()}:{site}:{page.pk}",
        compute,
        local=("pages", "sites"),
    )


@register.inclusion_tag("includes/fallback_notice.html")
def fallback_notice(page):
    """ "This content is only available in Italian" above a page shown in another
    language than the interface's (a page without a translation)."""
    if page is None or not hasattr(page, "locale_id"):
        return {"language": None}
    code = page_language(page)
    if code == active_language():
        return {"language": None}
    return {"language": code, "name": language_name(code, in_sentence=True)}


@register.simple_tag
def lang_dir(code):
    """``lang``/``dir`` attributes for text in language ``code``."""
    return lang_attrs(code)


@register.simple_tag
def fallback_lang(code):
    """``lang``/``dir`` for text in ``code`` when it is not the reader's language (a
    fallback, e.g. a competency name without a translation), after a space; nothing
    otherwise: ``<h3{% fallback_lang code %}>``."""
    if not code or code == active_language():
        return ""
    return format_html(" {}", lang_attrs(code))


@register.filter
def display_name(user) -> str:
    """``{{ user|display_name }}``: the one way a person is named (``lms.accounts.names``)."""
    return _display_name(user)


@register.simple_tag(takes_context=True)
def page_userbar(context):
    """Wagtail's userbar (about 1.2 MB of assets) only where it is useful: on a page view,
    for someone who may edit that page. Dashboards, quiz attempts, certificates and other
    non-page views never load it."""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
    from wagtail.models import Page

    page = context.get("page")
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(page, Page) or user is None or not user.is_authenticated:
        return ""
    # Only staff use the admin (AdminAccessMiddleware refuses it to anyone else): a
    # trainee's page views skip the two permission queries.
    if not is_staff_role(user) or not page.permissions_for_user(user).can_edit():
        return ""
    return wagtailuserbar(context)
