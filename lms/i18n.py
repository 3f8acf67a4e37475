"""Languages: a reader stays in the language they chose, and nothing is hidden for lack
of a translation.

- **URLs** (``install``, on every Wagtail page): ``page.url``, ``get_url(request)`` and
  ``{% pageurl %}`` give the address of the page *in the active language*: its live
  translation's address, otherwise the page itself under the active language's prefix
  (the address of the nearest translated ancestor followed by the page's own slugs).
  An Arabic reader never falls back to an unprefixed Italian address through a link.
- **Routing** (the site's page models mix in :class:`LocalizedPageMixin`): when a slug
  is not found below a page, its translations are asked for a live child with that
  slug, so ``/en/courses/…/module-1/quiz/`` serves the Italian quiz when the quiz has
  no English version (its content is then marked ``lang="it"``, with a notice).

Records (enrolments, progress, attempts, evidence) always point at the canonical page,
the original among the translations (see ``canonical_page``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language_info

_LOCALE_CODES: dict[int, str] = {}

#: Set while a request is served (``ReaderLanguageMiddleware``) or inside
#: ``reading_in``: only then do page addresses follow the active language. Code outside
#: a request (a command, a test preparing data) gets each page's own address.
_READING: contextvars.ContextVar[bool] = contextvars.ContextVar("lms_reading", default=False)


class ReaderLanguageMiddleware:
    """Page addresses follow the request's language while it is served (after
    ``LocaleMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _READING.set(True)
        try:
            response = self.get_response(request)
        finally:
            _READING.reset(token)
        # Remember the language a visitor reads in (a functional cookie, no personal
        # data), so that a page reached without a prefix (/verify/…) opens in it.
        language = translation.get_language_from_path(request.path_info)
        if language is None and not request.path_info.startswith(_NEUTRAL_PATHS):
            language = settings.LANGUAGE_CODE  # an unprefixed page of the site: Italian
        cookie = settings.LANGUAGE_COOKIE_NAME
        if language and request.COOKIES.get(cookie) != language and _is_page(response):
            response.set_cookie(
                cookie,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


# Unprefixed addresses that are not Italian pages: the admin (in the staff member's own
# language) and the public pages that negotiate their language.
_NEUTRAL_PATHS = ("/admin/", "/django-admin/", "/verify/", "/issuer/", "/.well-known/")


def _is_page(response) -> bool:
    return response.status_code == 200 and "html" in response.get("Content-Type", "")


def negotiated(i18n_name: str | None = None):
    """For a page a visitor reaches without a language prefix (a QR code, a shared link):
    serve it in the visitor's language, chosen as a switcher link says (``?lang=``), else
    by the language they last browsed in (cookie), else by ``Accept-Language``. Another
    language than the default redirects to the prefixed address (``i18n_name`` names it
    when the unprefixed route is outside ``i18n_patterns``)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            prefixed = translation.get_language_from_path(request.path_info)
            if prefixed is None and request.method in ("GET", "HEAD"):
                chosen = request.GET.get("lang", "")
                if chosen not in site_languages():
                    chosen = translation.get_language_from_request(request, check_path=False)
                if chosen in site_languages() and chosen != settings.LANGUAGE_CODE:
                    with translation.override(chosen):
                        if i18n_name:
                            target = reverse(i18n_name, args=args, kwargs=kwargs)
                        else:
                            target = url_in_language(request.path, chosen)
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
            response = view(request, *args, **kwargs)
            if prefixed is None:
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response

        wrapper.negotiates_language = True
        wrapper.i18n_name = i18n_name
        return wrapper

    return decorator


def switch_url(request, code: str) -> str:
    """This address in language ``code``, for the language switcher outside Wagtail pages.

    A function of the address and the URLconf alone: kept per process (the switcher
    asks it for every language on every page), forgotten when a test changes the
    settings it depends on."""
    return _switch_url(request.path_info, request.get_full_path(), code, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _switch_url(path_info: str, path: str, code: str, _active: str | None) -> str:
    # ``_active``: resolving under i18n_patterns depends on the active language.
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path_info)
    except Resolver404:
        return url_in_language(path, code)
    i18n_name = getattr(match.func, "i18n_name", None)
    if i18n_name:
        with translation.override(code):
            url = reverse(i18n_name, args=match.args, kwargs=match.kwargs)
    else:
        url = url_in_language(path, code)
    if code == settings.LANGUAGE_CODE and getattr(match.func, "negotiates_language", False):
        url += "?lang=" + code  # else the visitor's browser language would win again
    elif code == settings.LANGUAGE_CODE:
        try:
            if getattr(resolve(url.split("?")[0]).func, "negotiates_language", False):
                url += ("&" if "?" in url else "?") + "lang=" + code
        except Resolver404:
            pass
    return url


@contextlib.contextmanager
def reading_in(language: str):
    """Addresses and strings in ``language`` outside a request (an e-mail, a task)."""
    token = _READING.set(True)
    try:
        with translation.override(language):
            yield
    finally:
        _READING.reset(token)


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_language() -> str:
    """The interface language, always one of the site's languages."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    if code in site_languages():
        return code
    code = code.split("-")[0]
    return code if code in site_languages() else settings.LANGUAGE_CODE


def command_language(environ=None) -> str:
    """The language a command speaks in, as gettext programs choose it: the first of
    ``LANGUAGE`` (a colon-separated list), ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that
    is set and names one of the site's languages (``ar_MA.UTF-8`` → ``ar``), else
    ``LANGUAGE_CODE``. ``C``/``POSIX`` count as set but name none of them."""
    import os

    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        candidates = value.split(":") if name == "LANGUAGE" else [value]
        for candidate in candidates:
            code = candidate.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if code in site_languages():
                return code
        if name != "LANGUAGE":
            break  # gettext stops at the first locale variable that is set
    return settings.LANGUAGE_CODE


def activate_command_language(environ=None) -> str:
    """Activate ``command_language`` (``manage.py`` does, before running a command)."""
    code = command_language(environ)
    translation.activate(code)
    return code


def reader_language() -> str | None:
    """The reader's language while a request is served (or inside ``reading_in``)."""
    return active_language() if _READING.get() else None


def url_in_language(url: str, language: str) -> str:
    """The same address in ``language`` (``/ar/…`` for ``/…``, ``/en/…`` or ``/fr/…``);
    unchanged when it is not one of the site's own."""
    from urllib.parse import urlsplit

    from django.urls import translate_url

    path = urlsplit(url).path
    current = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(current):
        return translate_url(url, language)


def direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def language_name(code: str, *, in_sentence: bool = False) -> str:
    """The language's name in the interface language ("Italian", "Italiano", "الإيطالية");
    ``in_sentence``: as written inside a sentence (Italian and French: "in francese")."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    return name.lower() if in_sentence and active_language() in ("it", "fr") else name


def locale_code(locale_id: int | None) -> str:
    """The language code of a Locale id, without a query once the locales are known.

    Locale ids are never reused (auto-increment keys), so the cache cannot go stale.
    """
    if locale_id is None:
        return settings.LANGUAGE_CODE
    if locale_id not in _LOCALE_CODES:
        from wagtail.models import Locale

        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES.get(locale_id, settings.LANGUAGE_CODE)


def page_language(page) -> str:
    locale = page._state.fields_cache.get("locale") if hasattr(page, "_state") else None
    if locale is not None:
        return locale.language_code
    return locale_code(getattr(page, "locale_id", None))


def lang_attrs(code: str):
    """``lang="…" dir="…"`` for content in language ``code``."""
    return format_html('lang="{}" dir="{}"', code, direction(code))


def canonical_page(page):
    """The original of ``page`` among its translations (the one created first)."""
    model = page.specific_class or type(page)
    return model.objects.filter(translation_key=page.translation_key).order_by("pk").first()


def canonical_pk(page) -> int | None:
    """The primary key of ``canonical_page(page)``: kept in this process and the shared
    cache under the tree's version (a translation added or deleted makes a new one)."""
    from lms import caching

    def compute():
        return (
            type(page)
            .objects.filter(translation_key=page.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    return caching.remember(
        lambda: f"lms:canonical:{caching.tree_version()}:{page.translation_key}",
        compute,
        local=("pages",),
    )


def translations_in(pages, language: str, *, specific: bool = True) -> dict:
    """{translation_key: live page in ``language``} for ``pages`` (one query)."""
    from wagtail.models import Page

    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    found = (
        Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .select_related("locale")
    )
    if specific:
        found = found.specific()
    return {page.translation_key: page for page in found}


def localized(page, language: str | None = None):
    """``page`` in ``language`` (default: the active one) if translated and live, else ``page``."""
    language = language or active_language()
    if page is None or page_language(page) == language:
        return page
    return translations_in([page], language).get(page.translation_key, page)


# --- URLs ------------------------------------------------------------------------------


def _fallback_url_parts(page, language: str, request):
    """URL parts of ``page`` read in ``language``: a live translation's address, else the
    nearest live translated ancestor's address followed by the page's own slugs (one
    query), else the page's path under the language's prefix."""
    from wagtail.models import Page

    steplen = Page.steplen
    prefixes = [page.path[: steplen * depth] for depth in range(2, page.depth + 1)]
    nearest = (
        Page.objects.live()
        .filter(
            locale__language_code=language,
            translation_key__in=Page.objects.filter(path__in=prefixes).values("translation_key"),
        )
        .only("pk", "path", "depth", "url_path", "locale_id", "translation_key")
        .order_by("-depth")
        .first()
    )
    if nearest is not None:
        parts = Page.get_url_parts(nearest, request)
        if nearest.depth == page.depth or parts is None or parts[2] is None:
            return parts
        site_id, root_url, base = parts
        segments = page.url_path.strip("/").split("/")[nearest.depth - 1 :]
        return site_id, root_url, base + "/".join(segments) + "/"
    possible = page._get_relevant_site_root_paths(request)
    if not possible:
        return None
    site_id, root_path, root_url, _language = possible[0]
    try:
        with translation.override(language):
            path = reverse("wagtail_serve", args=(page.url_path[len(root_path) :],))
    except NoReverseMatch:
        return site_id, None, None
    return site_id, root_url, path


def _fallback_child(page, slug: str):
    """A live child with ``slug`` of one of ``page``'s translations, the original first."""
    from wagtail.models import Page

    paths = list(
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .order_by("pk")
        .values_list("path", flat=True)
    )
    for path in paths:
        child = (
            Page.objects.live()
            .filter(path__startswith=path, depth=page.depth + 1, slug=slug)
            .select_related("locale")
            .first()
        )
        if child is not None:
            return child
    return None


def localized_url_parts(page, request, original):
    """``Page.get_url_parts`` in the active language (installed on ``Page`` itself by
    ``install``, so that every page, specific or not, links in the reader's language)."""
    language = translation.get_language()
    if (
        not _READING.get()
        or not language
        or language not in site_languages()
        or not getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        or page.depth is None
        or page.depth < 2
        or page_language(page) == language
    ):
        return _own_url_parts(page, request) or original(page, request)
    cache = page.__dict__.setdefault("_lms_url_parts", {})
    if language not in cache:
        cache[language] = _fallback_url_parts(page, language, request)
    return cache[language]


def remember_own_url_parts(pages) -> None:
    """Work out once the address of each of ``pages`` in its own language (Wagtail's
    ``get_url_parts``: a URL reversal and the sites' root paths, a fifth of a course
    outline's time), kept on the page: for pages kept between requests under the tree's
    and the sites' versions (the course outlines' structure), never for a page that may
    be renamed and asked again."""
    from wagtail.models import Page

    original = getattr(Page.get_url_parts, "lms_original", Page.get_url_parts)
    for page in pages:
        page.__dict__["_lms_own_url_parts"] = original(page, None)


def _own_url_parts(page, request):
    parts = page.__dict__.get("_lms_own_url_parts")
    if parts is None or request is None:
        return parts
    # With several sites, the parts are those of the first site holding the page: use
    # them only for a request to that site.
    from lms.caching import site_for_request

    site = site_for_request(request)
    return parts if site is None or parts[0] == site.pk else None


def install() -> None:
    """Give every Wagtail page its address in the active language (``LmsConfig.ready``)."""
    from wagtail.models import Page

    if getattr(Page.get_url_parts, "lms_localized", False):
        return
    original = Page.get_url_parts

    def get_url_parts(self, request=None):
        return localized_url_parts(self, request, original)

    get_url_parts.lms_localized = True
    get_url_parts.lms_original = original
    get_url_parts.__doc__ = original.__doc__
    Page.get_url_parts = get_url_parts


def set_localized_url(page, language: str, url: str, site_id=None, root_url="") -> None:
    page.__dict__.setdefault("_lms_url_parts", {})[language] = (site_id, root_url, url)


def localize_children_urls(pages, language: str | None = None) -> None:
    """Give each of ``pages`` not in ``language`` (default: the reader's) its address
    under that language's prefix from its parent's address: one query per distinct
    parent, not one per page (lists of courses, outlines)."""
    from wagtail.models import Page

    language = language or reader_language()
    if language is None:
        return
    pending = [page for page in pages if page_language(page) != language]
    parents: dict[str, str | None] = {}
    for page in pending:
        parent_path = page.path[: -Page.steplen]
        if parent_path not in parents:
            parent = Page.objects.filter(path=parent_path).select_related("locale").first()
            parents[parent_path] = parent.get_url() if parent is not None else None
        if parents[parent_path]:
            set_localized_url(page, language, f"{parents[parent_path]}{page.slug}/")


class LocalizedPageMixin:
    """Routing that falls back to the original, for the site's page models."""

    def set_localized_url(self, language: str, url: str, site_id=None, root_url=""):
        """Remember the page's address in ``language`` (outlines compute it in bulk)."""
        set_localized_url(self, language, url, site_id, root_url)

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            child = _fallback_child(self, path_components[0])
            if child is None:
                raise
            child._cached_parent_obj = self
            # The route cache (``lms.caching``) never keeps a route that took a fallback.
            request.lms_route_fell_back = True
            return child.specific.route(request, path_components[1:])

    # --- what templates ask -------------------------------------------------------------

    @property
    def content_language(self) -> str:
        return page_language(self)

    @property
    def is_fallback(self) -> bool:
        """True when the page is shown in another language than the interface's."""
        return page_language(self) != active_language()


def _forget_switch_urls(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _switch_url.cache_clear()


def _connect_setting_changed() -> None:
    from django.core.signals import setting_changed

    setting_changed.connect(_forget_switch_urls, dispatch_uid="lms-switch-urls")


_connect_setting_changed()
