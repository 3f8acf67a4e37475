import pytest
from wagtail.models import Locale, Page, Site

from content.models import HomePage

from .factories import CoordinatorFactory, TraineeFactory, TrainerFactory


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
