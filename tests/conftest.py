import pytest
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
]


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


def _is_transactional(request) -> bool:
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Before a transactional test, put back what the last one's flush removed."""
    if not _is_transactional(request):
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
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("it", "en", "fr", "ar")
    }


@pytest.fixture
def home_page(locales):
    """An Italian home page as the default site's root, with an English translation."""
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
