"""The whole demo (``load_demo``), loaded once for all the tests of this package.

Loading it takes seconds, so it is not loaded per test. The package-scoped ``demo``
fixture loads it inside a transaction that stays open while the package's tests run;
each test runs in a savepoint of it (pytest-django's ``db``, as in Django's
``TestCase``) and is rolled back to the freshly loaded demo. After the package's last
test the transaction is rolled back, so tests elsewhere start from the migrated database
as usual. A test that commits (``transactional_db``, ``live_server``) cannot share that
transaction and does not belong here.

Under xdist, ``pytest_xdist_make_scheduler`` in tests/conftest.py sends all of this
package's tests to one worker, so the demo is loaded once per run.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from tests.conftest import _is_transactional


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo as ``make run`` loads it, shared by this package's tests."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        # Wagtail caches site root paths; they pointed into the demo that is now gone.
        cache.clear()


@pytest.fixture(autouse=True)
def _inside_the_demo_transaction(request):
    if _is_transactional(request.node):
        pytest.fail("a transactional test would flush the shared demo: put it elsewhere")
