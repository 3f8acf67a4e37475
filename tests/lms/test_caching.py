"""Every cache of lms/caching.py answers from the cache and forgets when its rows change."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import Page, Site

from lms.accounts.consents import consent_give, consent_pending, consent_withdraw
from lms.roles import Role, is_staff_role, is_trainer, role_names
from tests.factories import TraineeFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The person as the next request loads them (nothing remembered on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def test_roles_come_from_the_cache_on_the_next_request(django_assert_num_queries):
    trainee = TraineeFactory()
    assert role_names(_fresh(trainee)) == {Role.TRAINEE}
    user = _fresh(trainee)
    with django_assert_num_queries(0):
        assert not is_staff_role(user)


def test_a_role_given_or_taken_is_seen_at_once_from_either_side():
    trainee = TraineeFactory()
    trainers = Group.objects.get(name=Role.TRAINER)
    assert not is_trainer(_fresh(trainee))  # cached: not a trainer
    trainee.groups.add(trainers)
    assert is_trainer(_fresh(trainee))
    trainers.user_set.remove(trainee)  # from the group's side
    assert not is_trainer(_fresh(trainee))
    trainers.user_set.add(trainee)
    assert is_trainer(_fresh(trainee))
    _fresh(trainee).groups.clear()
    assert role_names(_fresh(trainee)) == set()


def test_a_renamed_or_deleted_group_is_seen_at_once():
    trainee = TraineeFactory()
    assert role_names(_fresh(trainee)) == {Role.TRAINEE}
    group = Group.objects.get(name=Role.TRAINEE)
    group.name = "former trainees"
    group.save()
    assert role_names(_fresh(trainee)) == set()
    group.name = Role.TRAINEE
    group.save()
    assert role_names(_fresh(trainee)) == {Role.TRAINEE}
    group.delete()  # deletes the memberships without an m2m signal
    assert role_names(_fresh(trainee)) == set()


def test_consent_comes_from_the_cache_and_follows_give_and_withdraw(
    django_assert_num_queries,
):
    person = TraineeFactory(consent=False)
    assert consent_pending(_fresh(person))
    user = _fresh(person)
    with django_assert_num_queries(0):
        assert consent_pending(user)
    consent_give(user=person, purpose="data_processing", language="it", channel="signup")
    assert not consent_pending(_fresh(person))
    consent_withdraw(user=person, purpose="data_processing")
    assert consent_pending(_fresh(person))


def _request(host="localhost", port="80"):
    return RequestFactory().get("/", HTTP_HOST=f"{host}:{port}" if port != "80" else host)


def test_the_site_comes_from_the_cache_on_the_next_request(django_assert_num_queries, settings):
    settings.ALLOWED_HOSTS = ["*"]
    site = Site.find_for_request(_request())
    assert site == Site.objects.get(is_default_site=True)
    with django_assert_num_queries(0):
        assert Site.find_for_request(_request()) == site


def test_no_request_has_no_site():
    assert Site.find_for_request(None) is None


def test_a_new_or_changed_site_is_seen_at_once(settings):
    settings.ALLOWED_HOSTS = ["*"]
    default = Site.objects.get(is_default_site=True)
    assert Site.find_for_request(_request("other.example")) == default
    root = Page.objects.get(depth=1)
    home = root.add_child(instance=Page(title="Other home", slug="other-home"))
    other = Site.objects.create(hostname="other.example", port=80, root_page=home)
    assert Site.find_for_request(_request("other.example")) == other
    other.hostname = "elsewhere.example"
    other.save()
    assert Site.find_for_request(_request("other.example")) == default
    other.delete()
    assert Site.find_for_request(_request("elsewhere.example")) == default


def test_a_renamed_home_page_is_seen_through_the_cached_site(settings):
    settings.ALLOWED_HOSTS = ["*"]
    site = Site.find_for_request(_request())
    home = site.root_page.specific
    home.slug = "casa"
    home.save()
    assert Site.find_for_request(_request()).root_page.slug == "casa"


def test_the_active_locale_comes_from_the_cache_and_follows_changes(django_assert_num_queries):
    from django.utils import translation
    from wagtail.models import Locale

    with translation.override("it"):
        italian = Locale.get_active()
        with django_assert_num_queries(0):
            assert Locale.get_active() == italian
    with translation.override("fr"):
        before = Locale.get_active()  # no French locale yet: the default one
        french = Locale.objects.create(language_code="fr")
        assert before != french
        assert Locale.get_active() == french
        french.delete()
        assert Locale.get_active() == before


def test_site_root_paths_are_read_once_per_request_and_follow_a_clear(monkeypatch):
    from django.core.cache import cache

    from lms.caching import request_began, request_ended

    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    request_began()  # what request_started calls
    try:
        first = Site.get_site_root_paths()
        for _ in range(5):
            assert Site.get_site_root_paths() == first
        assert len([key for key in reads if "root_paths" in str(key)]) == 1
        Site.objects.filter(is_default_site=True).update(port=8080)
        Site.clear_site_root_paths_cache()  # what Wagtail does when a site changes
        assert Site.get_site_root_paths()[0].root_url.endswith(":8080")
    finally:
        request_ended()
    Site.objects.filter(is_default_site=True).update(port=80)
    Site.clear_site_root_paths_cache()
    assert Site.get_site_root_paths()[0].root_url == "http://localhost"


def test_nothing_is_kept_without_a_shared_cache(settings, django_assert_num_queries):
    """Production without Redis: each worker would keep a copy no invalidation reaches."""
    settings.LMS_SHARED_CACHE = False
    trainee = TraineeFactory()
    assert role_names(_fresh(trainee)) == {Role.TRAINEE}
    user = _fresh(trainee)
    with django_assert_num_queries(1):
        assert role_names(user) == {Role.TRAINEE}


def _production_cache_prefix(**env) -> str:
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default'].get('KEY_PREFIX', ''))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "test-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        **env,
    }
    if "CACHE_KEY_PREFIX" not in env:
        environment.pop("CACHE_KEY_PREFIX", None)
    done = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(False)
def test_two_databases_sharing_one_redis_never_read_each_others_entries():
    """Cached sites and outlines hold one database's row ids: with the same Redis, the
    site on another database must use other keys (a lesson answered 404 in the
    benchmark from the other database's cached outline)."""
    first = _production_cache_prefix(DATABASE_URL="postgres://u@db:5432/impact_bari")
    again = _production_cache_prefix(DATABASE_URL="postgres://u@db:5432/impact_bari")
    other = _production_cache_prefix(DATABASE_URL="postgres://u@db:5432/impact_staging")
    assert first == again  # every worker of one site shares its entries
    assert first != other
    named = _production_cache_prefix(
        DATABASE_URL="postgres://u@db:5432/impact_bari", CACHE_KEY_PREFIX="bari-live"
    )
    assert named == "bari-live"


@pytest.mark.django_db(False)
def test_the_redis_cache_reuses_its_client_and_still_shares_entries():
    """Django builds a ``redis.Redis`` for every operation (0.2 ms of CPU each, a dozen
    times a page): the project's backend keeps one per pool. Two backends on the same
    Redis (two workers) still see each other's writes and deletions."""
    import redis

    from lms.cache_backends import RedisCache

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI and the benchmark have one)")
    params = {"KEY_PREFIX": "test-reuse-" + str(id(object()))}
    one, two = RedisCache(url, params), RedisCache(url, params)
    built = []
    real = one._cache._client

    def counting(**kwargs):
        built.append(kwargs)
        return real(**kwargs)

    one._cache._client = counting
    for number in range(5):
        one.set("k", number)
        assert two.get("k") == number
    assert one.get_many(["k", "absent"]) == {"k": 4}
    two.delete("k")
    assert one.get("k") is None
    assert len(built) == 1  # one client for the pool, not one per operation


def test_a_request_reads_the_generations_once_and_sees_its_own_changes_at_once():
    """In a request every kind's generation comes in one round trip and is kept until
    the request ends; a page saved during the request makes a new tree version for the
    rest of it at once, and the next request sees another process's change."""
    from django.core.cache import cache

    from lms import caching

    caching.request_began()  # what Django's request_started runs here
    try:
        reads = []
        real = cache.get_many

        def counted(keys, *args, **kwargs):
            reads.append(list(keys))
            return real(keys, *args, **kwargs)

        cache.get_many = counted
        try:
            first = caching.tree_version()
            assert caching.tree_and_sites_version()[0] == first
            caching._generation("groups")
        finally:
            cache.get_many = real
        assert len([keys for keys in reads if "lms:gen:pages" in keys]) == 1
        caching.bump("pages")  # a page saved in this very request
        second = caching.tree_version()
        assert second != first
        cache.incr("lms:gen:pages")  # another worker, meanwhile
        assert caching.tree_version() == second  # one request, one version
    finally:
        caching.request_ended()
    caching.request_began()  # what Django's request_started runs here
    try:
        assert caching.tree_version() == second + 1
    finally:
        caching.request_ended()


def test_a_workers_memory_follows_another_workers_invalidation():
    """Values kept in a process's memory (``remember(..., local=...)``) are dropped as
    soon as the generation they hang on changes in the shared cache, whoever changed
    it (another worker, seen only through Redis), and after a flush."""
    from django.core.cache import cache

    from lms import caching

    computed = []

    def value():
        computed.append(1)
        return len(computed)

    def read():
        return caching.remember(
            lambda: f"test:local:{caching.tree_version()}", value, local=("pages",)
        )

    assert read() == read() == 1
    cache.delete(f"test:local:{caching.tree_version()}")
    assert read() == 1  # the shared entry is gone, this process's copy is not
    cache.incr("lms:gen:pages")  # another worker saved a page
    assert read() == 2
    cache.clear()  # Redis flushed: generations start afresh, at random
    assert read() == 3


@pytest.mark.django_db
def test_the_root_paths_kept_in_a_workers_memory_follow_a_changed_site(home_page):
    from wagtail.models import Site

    from lms import caching

    def root_urls():
        caching.request_began()  # what Django's request_started runs here
        try:
            return {path.root_url for path in Site.get_site_root_paths()}
        finally:
            caching.request_ended()

    site = Site.objects.get(is_default_site=True)
    assert root_urls() == {site.root_url}
    assert root_urls() == {site.root_url}  # from this process's memory
    site.hostname, site.port = "impact.example", 443
    site.save()
    assert root_urls() == {"https://impact.example"}


# --- The signed-in person (``signed_in_user``) -----------------------------------------


def _signed_in(client, path="/accounts/profile/"):
    return client.get(path)


def test_the_signed_in_person_is_read_once_then_from_the_cache(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    trainee = TraineeFactory()
    client.force_login(trainee)
    assert _signed_in(client).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in(client).status_code == 200
    assert not [q for q in queries.captured_queries if 'FROM "auth_user" WHERE' in q["sql"]]


def test_a_password_changed_elsewhere_ends_the_other_sessions(client):
    trainee = TraineeFactory()
    client.force_login(trainee)
    assert _signed_in(client).status_code == 200  # the person is now kept
    person = _fresh(trainee)
    person.set_password("una-nuova-password-lunga")
    person.save()
    assert _signed_in(client).status_code == 302  # to the login page
    assert "/login/" in _signed_in(client)["Location"]


def test_a_deactivated_or_deleted_person_is_signed_out_at_once(client):
    for end in ("deactivate", "delete"):
        trainee = TraineeFactory()
        client.force_login(trainee)
        assert _signed_in(client).status_code == 200
        person = _fresh(trainee)
        if end == "deactivate":
            person.is_active = False
            person.save()
        else:
            person.delete()
        assert _signed_in(client).status_code == 302, end


def test_a_changed_address_is_the_next_requests(client):
    trainee = TraineeFactory()
    client.force_login(trainee)
    assert _signed_in(client).wsgi_request.user.email == trainee.email
    person = _fresh(trainee)
    person.email = "nuovo.indirizzo@example.org"
    person.save()
    assert _signed_in(client).wsgi_request.user.email == "nuovo.indirizzo@example.org"


def test_each_request_has_its_own_copy_of_the_person(client):
    trainee = TraineeFactory()
    client.force_login(trainee)
    first = _signed_in(client).wsgi_request.user
    first.first_name = "changed in one request only"
    again = _signed_in(client).wsgi_request.user
    assert again.first_name == trainee.first_name
