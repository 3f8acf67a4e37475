import pytest

from courses.services import enrollment_create
from tests.courses.factories import make_catalog, make_cohort, make_course

from .factories import make_tree


@pytest.fixture
def tree(db):
    """(framework, area, listening, questions, feedback): see factories.make_tree."""
    return make_tree()


@pytest.fixture
def course(home_page):
    return make_course(make_catalog(home_page), title="Peer coach", modules=1, lessons=1)


@pytest.fixture
def cohort(course, trainer):
    """A Foggia cohort trained by ``trainer``."""
    return make_cohort(course, name="Foggia 2026", territory="foggia", trainers=[trainer])


def enrol(user, cohort):
    enrollment_create(user=user, course=cohort.courses.first(), cohort=cohort)
    return user


@pytest.fixture
def taught(cohort, trainee):
    """``trainee`` is in ``trainer``'s cohort."""
    enrol(trainee, cohort)
    return cohort
