import pytest
from django.utils import translation

from courses.lab.models import StageKind
from lms.roles import Role
from tests.courses.factories import make_catalog, make_cohort, make_course
from tests.factories import UserFactory

from .factories import make_group, make_participant, make_path, open_stage


@pytest.fixture(autouse=True)
def english():
    """Lab tests read the English interface: URLs reversed here get the /en/ prefix
    and service messages are in English (the Italian one is checked in test_i18n)."""
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(db):
    return UserFactory(role=Role.TRAINER)


@pytest.fixture
def workshop_course(home_page):
    catalog = make_catalog(home_page)
    return make_course(catalog, title="Laboratori cooperativi", modules=1, lessons=1)


@pytest.fixture
def cohort(workshop_course, facilitator):
    return make_cohort(workshop_course, name="Bari 2026", territory="bari", trainers=[facilitator])


@pytest.fixture
def lab_path(cohort, facilitator):
    return make_path(cohort, facilitator=facilitator)


@pytest.fixture
def participant(lab_path):
    return make_participant(lab_path)


@pytest.fixture
def other_participant(lab_path):
    return make_participant(lab_path)


@pytest.fixture
def official(lab_path):
    return make_participant(lab_path, official=True)


@pytest.fixture
def outsider(db):
    """A trainee of another cohort."""
    return UserFactory(role=Role.TRAINEE)


@pytest.fixture
def problems_open(lab_path, facilitator):
    return open_stage(lab_path, StageKind.PROBLEMS, user=facilitator)


@pytest.fixture
def group(lab_path, participant, other_participant, official):
    return make_group(lab_path, participant, other_participant, official)
