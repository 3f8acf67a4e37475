import pytest

from courses.services import enrollment_create
from lms.roles import Role
from tests.factories import CoordinatorFactory, UserFactory

from .factories import make_catalog, make_course


# ``UserFactory(role=...)`` works with both the old and the new shared factories;
# these overrides keep this package independent of that change.
@pytest.fixture
def trainee(db):
    return UserFactory(role=Role.TRAINEE)


@pytest.fixture
def other_trainee(db):
    return UserFactory(role=Role.TRAINEE)


@pytest.fixture
def trainer(db):
    return UserFactory(role=Role.TRAINER)


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def catalog(home_page):
    return make_catalog(home_page)


@pytest.fixture
def course(catalog):
    return make_course(catalog, tags=["facilitazione"], languages=("it", "en"))


@pytest.fixture
def enrollment(trainee, course):
    return enrollment_create(user=trainee, course=course)[0]
