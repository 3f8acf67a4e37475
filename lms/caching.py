"""Per-person and per-site facts kept in the cache between requests, each with its
invalidation (issue 20): what every signed-in page asks and almost never changes.

- ``group_names(user)``: the names of the person's groups (their roles and territory
  scope). Forgotten when their groups change (either side of the relation), and for
  everybody when a group is renamed or deleted.
- ``consent_pending(user)``: whether the person still has to give a required consent.
  Forgotten when one of their consent records is written or withdrawn.
- ``site_for_request(request)``: the Wagtail site serving a host and port. Forgotten,
  for every host, when a site is saved or deleted (or a top page saved or moved).
- ``Locale.get_active()``: the Wagtail locale of a language. Forgotten when a locale
  is saved or deleted.
- Wagtail's site root paths: read from the cache once per request, not once per
  address built.
- ``Page.route_for_request``: the page an address leads to, under the tree version.
- ``any_view_restriction()``: whether any page has a Wagtail view restriction (while
  none has, serving a page skips Wagtail's two queries for them). Forgotten when a
  restriction is saved or deleted.
- ``tree_version()``: changes whenever a page is saved, moved or deleted; the course
  outlines' structure (``courses.selectors.outline``) is cached under it.
- ``remember(..., local=kinds)`` and ``LocalMemo``: entries keyed by generations are
  also kept in each process's memory until one of those generations changes. A
  request reads all generations in one round trip (``_generation``).

Keys name the person by primary key *and* date joined, so that a row recreated with
the same primary key (a test database rolled back, an id reused) never reads another
person's entry. With several processes the cache must be shared (Redis, as in
production) for an invalidation in one to reach the others; the per-process cache of
development is one process.
"""

from __future__ import annotations

import functools
import threading
import time

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 60 * 60  # an hour at most, whatever happens to an invalidation
MISSING = "lms:missing"  # stands for None in the cache
# What one request keeps while it runs (between Django's request_started and
# request_finished signals): the sites' root paths and the generations.
_request = threading.local()


def enabled() -> bool:
    """``settings.LMS_SHARED_CACHE``: off in production without Redis, where each worker
    would keep its own copy and an invalidation would not reach the others."""
    from django.conf import settings

    return getattr(settings, "LMS_SHARED_CACHE", True)


def remember(make_key, compute, *, local: tuple[str, ...] = ()):
    """``compute()``, kept under ``make_key()`` (called only when caching is on).

    ``local`` names the generations the key already depends on (``("pages",)``,
    ``("pages", "sites")``): the value is then also kept in this process's memory
    (``LocalMemo``) until one of them changes. Never for entries forgotten by deleting
    their key (a person's groups or consent): another process's deletion would not
    reach this memory."""
    if not enabled():
        return compute()
    key = make_key()
    if local:
        memo = _LOCAL_MEMOS.setdefault(local, LocalMemo(limit=1024))
        return memo.get(local_version(local), key, lambda: _shared(key, compute))
    return _shared(key, compute)


def _shared(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, MISSING if value is None else value, TIMEOUT)
    return None if value == MISSING else value


def _person(user) -> str:
    joined = getattr(user, "date_joined", None)
    return f"{user.pk}.{joined.timestamp() if joined else ''}"


def _fresh_generation() -> int:
    """Where a kind's generation starts when the cache has none (a new or cleared
    cache): a random number, so that a copy kept in a process (``LocalMemo``) under an
    earlier start is never taken for the new one."""
    import secrets

    return secrets.randbelow(2**48) + 1


#: The kinds with a generation, read together once per request.
GENERATIONS = (
    "pages",
    "sites",
    "groups",
    "locales",
    "view-restrictions",
    "questions",
    "certificate-rules",
)


def _generation(name: str) -> int:
    """The current generation of kind ``name``. In a request, every kind's is read in
    one round trip the first time one is asked, and kept until the request ends (a
    bump in the request itself is seen at once)."""
    key = f"lms:gen:{name}"
    if not getattr(_request, "active", False):
        return cache.get_or_set(key, _fresh_generation, None)
    memo = _request.generations
    if memo is None:
        found = cache.get_many([f"lms:gen:{kind}" for kind in GENERATIONS])
        memo = _request.generations = {k[len("lms:gen:") :]: v for k, v in found.items()}
    if name not in memo:
        memo[name] = cache.get_or_set(key, _fresh_generation, None)
    return memo[name]


class LocalMemo:
    """Values kept in this process's memory, under a version read from the shared
    cache (generations, e.g. the page tree's and the sites'): nothing to ask Redis and
    nothing to unpickle on a hit. A new version forgets every entry; ``limit`` bounds
    the entries of one version, and an entry is kept ``TIMEOUT`` seconds at most (as in
    the shared cache). Off (always computing) when the shared cache is (``enabled``).
    The values are shared by every request of the process: they must be treated as
    read-only."""

    def __init__(self, limit: int = 256):
        self.limit = limit
        self.version = None
        self.entries: dict = {}  # key: (value, monotonic expiry)

    def _at(self, version) -> None:
        if version != self.version:
            self.version, self.entries = version, {}

    def peek(self, version, key, default=None):
        self._at(version)
        kept = self.entries.get(key)
        if kept is None or kept[1] < time.monotonic():
            return default
        return kept[0]

    def put(self, version, key, value) -> None:
        self._at(version)
        if len(self.entries) >= self.limit:
            self.entries = {}
        self.entries[key] = (value, time.monotonic() + TIMEOUT)

    def get(self, version, key, compute):
        """The value kept under ``key``, else ``compute()`` (then kept)."""
        if not enabled():
            return compute()
        value = self.peek(version, key, MISSING_LOCAL)
        if value is MISSING_LOCAL:
            value = compute()
            self.put(version, key, value)
        return value

    def get_many(self, version, keys, compute_missing) -> dict:
        """{key: value} for ``keys``; ``compute_missing(missing keys)`` returns a dict
        for those not kept."""
        if not enabled():
            return compute_missing(list(keys))
        values = {key: self.peek(version, key, MISSING_LOCAL) for key in keys}
        missing = [key for key, value in values.items() if value is MISSING_LOCAL]
        if missing:
            found = compute_missing(missing)
            for key in missing:
                values[key] = found[key]
                self.put(version, key, found[key])
        return values


MISSING_LOCAL = object()
_LOCAL_MEMOS: dict[tuple, LocalMemo] = {}


def local_version(kinds: tuple[str, ...]) -> tuple:
    return tuple(_generation(kind) for kind in kinds)


def _now_and_on_commit(forget) -> None:
    """Forget at once and again when the transaction commits: a request reading the
    old rows in between must not leave them cached."""
    forget()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(forget)


def bump(name: str) -> None:
    """Forget every entry of kind ``name`` (groups, sites) at once."""

    def forget():
        try:
            cache.incr(f"lms:gen:{name}")
        except ValueError:
            cache.set(f"lms:gen:{name}", _fresh_generation(), None)
        memo = getattr(_request, "generations", None)
        if memo:
            memo.pop(name, None)

    _now_and_on_commit(forget)


# --- Groups (roles) -----------------------------------------------------------------


def _groups_key(user) -> str:
    return f"lms:groups:{_generation('groups')}:{_person(user)}"


def group_names(user) -> frozenset[str]:
    return remember(
        lambda: _groups_key(user), lambda: frozenset(user.groups.values_list("name", flat=True))
    )


def forget_groups(users) -> None:
    keys = [_groups_key(user) for user in users]
    _now_and_on_commit(lambda: cache.delete_many(keys))


# --- Consent -------------------------------------------------------------------------


def _consent_key(user) -> str:
    return f"lms:consent-pending:{_person(user)}"


def consent_pending(user, compute) -> bool:
    return remember(lambda: _consent_key(user), lambda: bool(compute(user)))


def forget_consent(user) -> None:
    key = _consent_key(user)
    _now_and_on_commit(lambda: cache.delete(key))


# --- The signed-in person ------------------------------------------------------------


def _user_key(user_id) -> str:
    return f"lms:user:{user_id}"


def _active_user(user_id):
    from django.contrib.auth import get_user_model

    return get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()


def signed_in_user(user_id, load=None):
    """The person a session names, as ``load()`` reads them (by default the active user
    with that primary key, or None):
    kept in the shared cache, so that a signed-in page does not read the same row on
    every request. Forgotten whenever the row is saved or deleted (a password, an
    e-mail, a deactivation, the last login: ``forget_user``). Each request unpickles
    its own copy. Only people ``load`` accepts are kept; an inactive one is read (and
    refused) every time."""
    if load is None:
        load = functools.partial(_active_user, user_id)
    if not enabled():
        return load()
    key = _user_key(user_id)
    user = cache.get(key)
    if user is None:
        user = load()
        if user is not None:
            cache.set(key, user, TIMEOUT)
    return user


def forget_user(user_id) -> None:
    key = _user_key(user_id)
    _now_and_on_commit(lambda: cache.delete(key))


def install_user_cache() -> None:
    """Django's ``ModelBackend.get_user`` (the session's person, on every signed-in
    request) through ``signed_in_user``; the project's own backends call it too."""
    from django.contrib.auth.backends import ModelBackend

    original = ModelBackend.get_user
    if getattr(original, "lms_cached", False):
        return

    def get_user(self, user_id):
        return signed_in_user(user_id, lambda: original(self, user_id))

    get_user.lms_cached = True
    get_user.__doc__ = original.__doc__
    ModelBackend.get_user = get_user


# --- Wagtail sites -------------------------------------------------------------------


def site_for_request(request):
    """``Site.find_for_request`` through the cache (by host and port)."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    site = remember(
        lambda: f"lms:site:{_generation('sites')}:{hostname}:{request.get_port()}",
        lambda: Site._find_for_request(request),  # with its root page; "no site" too
        local=("sites",),
    )
    request._wagtail_site = site
    return site


# --- Wagtail locales -----------------------------------------------------------------


def install_locale_cache() -> None:
    """``Locale.get_active()`` (asked by Wagtail's routing on every page) through the
    cache, by language; forgotten when a locale is saved or deleted."""
    from django.utils.translation import get_language
    from wagtail.models import Locale

    original = Locale.get_active.__func__
    if getattr(original, "lms_cached", False):
        return

    def get_active(cls):
        language = get_language()
        return remember(
            lambda: f"lms:locale:{_generation('locales')}:{language}",
            lambda: original(cls),
            local=("locales",),
        )

    get_active.lms_cached = True
    get_active.__doc__ = original.__doc__
    Locale.get_active = classmethod(get_active)


# --- Wagtail's site root paths, once per request ---------------------------------------


def request_began(**kwargs) -> None:
    _request.active, _request.root_paths, _request.generations = True, None, None


def request_ended(**kwargs) -> None:
    _request.active, _request.root_paths, _request.generations = False, None, None


def install_root_paths_memo() -> None:
    """Wagtail reads its sites' root paths from the cache for every address it builds
    (28 reads of the shared cache for one lesson page): read them once per request,
    from this process's memory under the sites' generation. Clearing
    them (Wagtail does when a site or a site's root page changes) clears the request's
    copy and bumps the sites' generation; outside a request nothing is kept."""
    from django.core.signals import request_finished, request_started
    from wagtail.models import Site

    original = Site.get_site_root_paths
    if getattr(original, "lms_memo", False):
        return
    original_clear = Site.clear_site_root_paths_cache

    def get_site_root_paths():
        paths = getattr(_request, "root_paths", None)
        if paths is None:
            if getattr(_request, "active", False) and enabled():
                # In a request: from this process's memory under the sites' generation
                # (every clearing below bumps it), else from Wagtail's cache entry.
                paths = _ROOT_PATHS.get(local_version(("sites",)), "root-paths", original)
                _request.root_paths = paths
            else:
                paths = original()
        return paths

    def clear_site_root_paths_cache():
        _request.root_paths = None
        original_clear()
        bump("sites")  # every process's copy, and what holds addresses, with it

    get_site_root_paths.lms_memo = True
    get_site_root_paths.__doc__ = original.__doc__
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)
    request_started.connect(request_began, weak=False)
    request_finished.connect(request_ended, weak=False)


# --- Wagtail's routing ------------------------------------------------------------------


_ROUTES = LocalMemo(limit=4096)  # address → (model, pk): small entries
_ROOT_PATHS = LocalMemo(limit=1)


_ROUTED_PAGES = LocalMemo(limit=512)  # (model, pk) → the page, with its locale


def _routed_page(known):
    """The page a remembered route leads to: read once per process under the tree's
    and the locales' versions (a page saved, published, moved or deleted makes new
    ones), then handed to each request as its own copy (a request setting attributes
    on its page changes no other's). None if it is gone."""
    import copy

    from django.apps import apps

    def read():
        model_label, pk = known
        return apps.get_model(model_label).objects.select_related("locale").filter(pk=pk).first()

    page = _ROUTED_PAGES.get(local_version(("pages", "locales")), tuple(known), read)
    return None if page is None else copy.copy(page)


def _remember_routed_page(page) -> None:
    """Keep the page Wagtail's walk has just found (a copy, without the parent the walk
    cached on it), so that the next request to it reads nothing."""
    import copy

    kept = copy.copy(page)
    kept.__dict__.pop("_cached_parent_obj", None)
    _ROUTED_PAGES.put(local_version(("pages", "locales")), (page._meta.label, page.pk), kept)


def install_route_cache() -> None:
    """``Page.route_for_request`` through the cache: the page an address leads to, by
    site, language and path, under the tree's version (a page published, unpublished,
    moved, renamed or deleted makes a new one). Wagtail walks the tree a level at a time
    (four to five queries for a lesson); a remembered route costs none (the page
    itself is kept too: ``_routed_page``). Only plain routes are kept: a page reached
    through the fallback to its original (another language than the reader's) or with
    arguments takes Wagtail's way every time."""
    import hashlib

    from django.utils.translation import get_language
    from wagtail.models import Page
    from wagtail.url_routing import RouteResult

    original = Page.route_for_request
    if getattr(original, "lms_cached", False):
        return

    def route_for_request(request, path):
        if hasattr(request, "_wagtail_route_for_request") or not enabled():
            return original(request, path)
        site = site_for_request(request)
        if site is None:
            return original(request, path)
        address = hashlib.sha256(path.encode()).hexdigest()[:32]
        key = f"lms:route:{tree_version()}:{site.pk}:{get_language()}:{address}"
        version = local_version(("pages",))
        known = _ROUTES.peek(version, key)
        if known is None:
            known = cache.get(key)
            if known is not None:
                _ROUTES.put(version, key, known)
        if known is not None:
            page = _routed_page(known)
            if page is not None and page.live:
                request._wagtail_route_for_request = RouteResult(page)
                return request._wagtail_route_for_request
        result = original(request, path)
        if result is not None and not result.args and not result.kwargs:
            page = result.page
            # (Wagtail's own walk sets ``_cached_parent_obj`` on every page it passes; a
            # fallback to another language's page is marked on the request.)
            plain = not getattr(request, "lms_route_fell_back", False)
            locale = getattr(page, "locale", None)
            if plain and locale is not None and locale.language_code == get_language():
                cache.set(key, (page._meta.label, page.pk), TIMEOUT)
                _ROUTES.put(version, key, (page._meta.label, page.pk))
                _remember_routed_page(page)
        return result

    route_for_request.lms_cached = True
    route_for_request.__doc__ = original.__doc__
    Page.route_for_request = staticmethod(route_for_request)


# --- Wagtail's page view restrictions --------------------------------------------------


def any_view_restriction() -> bool:
    """Whether any page of the site has a view restriction (a password, a login, some
    groups). Forgotten when a restriction is saved or deleted."""
    from wagtail.models import PageViewRestriction

    return remember(
        lambda: f"lms:any-view-restriction:{_generation('view-restrictions')}",
        lambda: PageViewRestriction.objects.exists(),
        local=("view-restrictions",),
    )


def install_view_restriction_shortcut() -> None:
    """Wagtail checks every page it serves against the view restrictions of the page
    and its ancestors (two queries). While no page has any restriction (the usual
    case: the LMS decides who sees a lesson by enrolment), the answer is known without
    asking; once one exists, every page takes Wagtail's way."""
    from wagtail.models import Page, PageViewRestriction

    original = Page.get_view_restrictions
    if getattr(original, "lms_cached", False):
        return

    def get_view_restrictions(self):
        if enabled() and not any_view_restriction():
            return PageViewRestriction.objects.none()
        return original(self)

    get_view_restrictions.lms_cached = True
    get_view_restrictions.__doc__ = original.__doc__
    Page.get_view_restrictions = get_view_restrictions


# --- Rendered fragments --------------------------------------------------------------

#: Rendered template fragments (``{% keep %}``, ``lms.templatetags.fragments``), one memo
#: per set of generations. Bounded: a fragment is a few kilobytes, and a worker keeps at
#: most ``FRAGMENT_LIMIT`` of each set between two changes of its generations.
FRAGMENT_LIMIT = 256
_FRAGMENTS: dict[tuple, LocalMemo] = {}


def fragment(kinds: tuple[str, ...], key: tuple, render):
    """The HTML ``render()`` gives, kept in this process's memory under ``key`` until
    one of the generations ``kinds`` changes (or ``TIMEOUT``). ``key`` must name
    everything else the HTML depends on: the caller's language, host and the person's
    state it shows. Rendered every time when caching is off (``enabled``)."""
    if not enabled():
        return render()
    memo = _FRAGMENTS.setdefault(kinds, LocalMemo(limit=FRAGMENT_LIMIT))
    return memo.get(local_version(kinds), key, render)


# --- The page tree -------------------------------------------------------------------


def tree_version() -> int:
    """A number that changes whenever a page is saved (published, unpublished, edited,
    added), moved or deleted: what is cached from the tree is keyed by it."""
    return _generation("pages")


def tree_and_sites_version() -> tuple[int, int]:
    """``tree_version()`` and the sites' generation (a site's host, port or root page
    changed): what holds page addresses is keyed by both."""
    return local_version(("pages", "sites"))


# --- Invalidation --------------------------------------------------------------------


def connect_signals() -> None:
    """Called once from ``LmsConfig.ready``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from lms.accounts.models import ConsentRecord

    User = get_user_model()

    def groups_changed(sender, instance, action, reverse, **kwargs):
        if not action.startswith("post_") and action != "pre_clear":
            return
        if reverse or action == "pre_clear" and not isinstance(instance, User):
            bump("groups")  # from a group's side: every member at once
        else:
            forget_groups([instance])

    def group_saved(sender, **kwargs):
        bump("groups")

    def consent_written(sender, instance, **kwargs):
        if instance.user_id:
            forget_consent(instance.user)

    def user_written(sender, instance, **kwargs):
        forget_user(instance.pk)

    def site_changed(sender, **kwargs):
        bump("sites")

    def locale_changed(sender, **kwargs):
        bump("locales")

    def view_restriction_changed(sender, **kwargs):
        bump("view-restrictions")

    def page_saved(sender, instance, **kwargs):
        if not isinstance(instance, Page):
            return
        bump("pages")  # published, unpublished, edited, added or deleted: a new tree
        # A cached site holds its root page (a page at the top of the tree).
        if instance.depth is not None and instance.depth <= 2:
            bump("sites")

    def page_moved(sender, **kwargs):
        bump("pages")
        bump("sites")

    for signal in (post_page_move, page_published, page_unpublished):
        signal.connect(page_moved, weak=False)
    m2m_changed.connect(groups_changed, sender=User.groups.through, weak=False)
    for signal in (post_save, post_delete):
        signal.connect(group_saved, sender=Group, weak=False)
        signal.connect(consent_written, sender=ConsentRecord, weak=False)
        signal.connect(user_written, sender=User, weak=False)
        signal.connect(site_changed, sender=Site, weak=False)
        signal.connect(locale_changed, sender=Locale, weak=False)
        signal.connect(view_restriction_changed, sender=PageViewRestriction, weak=False)
        signal.connect(page_saved, weak=False)
