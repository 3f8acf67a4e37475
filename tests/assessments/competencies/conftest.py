import pytest

from .factories import make_tree


@pytest.fixture
def tree(db):
    """(framework, area, listening, questions, feedback): see factories.make_tree."""
    return make_tree()
