import pytest

from courses.services import enrollment_create

from .factories import make_catalog, make_course


@pytest.fixture
def catalog(home_page):
    return make_catalog(home_page)


@pytest.fixture
def course(catalog):
    return make_course(catalog, tags=["facilitazione"], languages=("it", "en"))


@pytest.fixture
def enrollment(trainee, course):
    return enrollment_create(user=trainee, course=course)[0]
