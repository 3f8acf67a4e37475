import pytest
from django.db import transaction
from wagtail.models import Locale, Page, Site

from content.models import HomePage

from .factories import CoordinatorFactory, TraineeFactory, TrainerFactory

# Data that migrations create and a transactional test's flush removes. Restored
# before each transactional test (pytest-django's serialized rollback proved unreliable
# with the live server once earlier tests had used the database).
MIGRATION_DATA = [
    ("wagtail.migrations.0054_initial_locale", "initial_locale"),
    ("wagtail.migrations.0025_collection_initial_data", "initial_data"),
    ("lms.accounts.migrations.0002_role_groups", "create_groups"),
    ("courses.migrations.0002_role_permissions", "grant"),
    ("courses.lab.migrations.0002_role_permissions", "grant"),
    ("assessments.migrations.0002_role_permissions", "grant"),
    ("assessments.migrations.0004_competency_permissions", "grant"),
    ("certificates.migrations.0002_role_permissions", "grant"),
    ("lms.accounts.migrations.0004_coordinator_scope_groups", "create"),
    ("content.migrations.0003_workflow_for_coordinators", "forward"),
    ("content.migrations.0004_trainers_and_coordinators_translate_pages", "forward"),
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: it holds facts read from the database
    (lms/caching.py, Wagtail's site root paths) that a test's rollback cannot reach."""
    from django.core.cache import cache

    cache.clear()


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``-n`` (``--dist load``): every test is scheduled on its own, as xdist does,
    except that the tests of tests/demo/ go together to one worker, which then loads the
    demo once (see tests/demo/conftest.py). xdist's ``loadgroup`` would say the same with
    marks, but its marks do not reach the scheduler under pytest 9.2."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/demo/" if nodeid.startswith("tests/demo/") else nodeid

    return DemoTogether(config, log)


def _is_transactional(item) -> bool:
    """True for a test that commits (and so ends with a flush of the database)."""
    if {"transactional_db", "live_server"} & set(item.fixturenames):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Before a transactional test, put back what the last one's flush removed."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps
    from wagtail.models import Page

    if Page.objects.exists():
        return
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    for module_name, function in MIGRATION_DATA[:2]:
        getattr(importlib.import_module(module_name), function)(apps, None)
    Page.add_root(instance=Page(title="Root", slug="root"))
    for module_name, function in MIGRATION_DATA[2:]:
        getattr(importlib.import_module(module_name), function)(apps, None)


@pytest.fixture
def locales(db):
    """The four site locales (Italian exists from Wagtail's migration)."""
    return _four_locales()


def _four_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("it", "en", "fr", "ar")
    }


def _make_home_page(locales) -> HomePage:
    root = Page.get_first_root_node()
    for placeholder in root.get_children().exact_type(Page):
        placeholder.delete()
    home = HomePage(title="Impact LMS", slug="home", hero_title="Benvenuti", locale=locales["it"])
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Impact"},
    )
    home_en = home.copy_for_translation(locales["en"])
    home_en.hero_title = "Welcome"
    home_en.save_revision().publish()
    return home


# --- One home page for the run --------------------------------------------------------
# Most tests start from ``home_page``, and building it (four locales, a published page,
# the site, a published translation) costs a fifth of a second. So the tests that use it
# and do not commit run first (see pytest_collection_modifyitems), and the first of them
# builds it once, inside a transaction ("the shared home") that each test's own
# transaction (pytest-django's ``db``, a savepoint of it) rolls back to. When the next
# test does not use it, the shared home is rolled back (pytest_runtest_teardown), so
# that test starts from the migrated database as before. A test that uses ``home_page``
# after that (a transactional one, or any when tests run in another order) builds its
# own, as every test used to.


def _uses_shared_home(item) -> bool:
    return "home_page" in getattr(item, "fixturenames", ()) and not _is_transactional(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's ordering (non-transactional tests first); the sort is stable.
    items.sort(key=lambda item: not _uses_shared_home(item))


class _SharedHome:
    """The home page built once, in a transaction kept open while tests use it."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.home = None

    def open(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.home = _make_home_page(_four_locales())
            except BaseException:
                self.close()
                raise

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.home = None
        _clear_site_root_paths()


def _clear_site_root_paths():
    # Wagtail caches the sites' root paths; saving a Site clears it, as building the
    # home page does. A test may have cached paths of pages its rollback removed.
    Site.clear_site_root_paths_cache()


_SHARED_HOME: list[_SharedHome] = []
_RUNNING: list = [None]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _RUNNING[0] = item


@pytest.fixture(scope="session")
def _shared_home(django_db_setup, django_db_blocker):
    """Set up, once, by the first test that uses ``home_page`` (before any test-level
    fixture, so before the test's own transaction): it opens the shared home if that
    test may use it."""
    shared = _SharedHome(django_db_blocker)
    _SHARED_HOME.append(shared)
    if _uses_shared_home(_RUNNING[0]):
        shared.open()
    yield shared
    shared.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # The test's own fixtures are gone; roll the shared home back before a test that
    # must not see it.
    if _SHARED_HOME and (nextitem is None or not _uses_shared_home(nextitem)):
        _SHARED_HOME[0].close()


@pytest.fixture
def home_page(_shared_home, request, locales):
    """An Italian home page as the default site's root, with an English translation."""
    if _shared_home.home is not None and _uses_shared_home(request.node):
        _clear_site_root_paths()
        return HomePage.objects.get(pk=_shared_home.home.pk)
    return _make_home_page(locales)


@pytest.fixture
def trainee(db):
    return TraineeFactory()


@pytest.fixture
def other_trainee(db):
    return TraineeFactory()


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
