"""Issue 13, item 10: the retention schedule, applied by ``manage.py apply_retention``
(``--dry-run`` counts only) at a given time, logged, and listed on My privacy from the
same source."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation

from courses.models import JournalEntry
from courses.services import enrollment_create
from lms.accounts.models import ConsentRecord, RetentionLogEntry
from lms.accounts.services import user_erase, user_signup
from lms.retention import SCHEDULE
from tests.courses.factories import lessons_of, make_catalog, make_cohort, make_course
from tests.factories import TraineeFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def later(**delta) -> str:
    return (timezone.now() + datetime.timedelta(**delta)).isoformat()


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_an_account_nobody_used_goes_after_30_days_and_a_used_one_stays():
    never = user_signup(email="csv@example.org", password=None, display_name="Csv",
                        preferred_language="it", territory="bari")  # fmt: skip
    used = TraineeFactory()  # gave consent at sign-up
    assert "unconfirmed_accounts: removed 0" in run("--now", later(days=29))
    assert User.objects.filter(pk=never.pk).exists()
    assert "unconfirmed_accounts: would remove 1" in run("--dry-run", "--now", later(days=31))
    assert User.objects.filter(pk=never.pk).exists()
    assert "unconfirmed_accounts: removed 1" in run("--now", later(days=31))
    assert not User.objects.filter(pk=never.pk).exists()
    assert User.objects.filter(pk=used.pk).exists()


def test_erased_persons_audit_records_stay_for_the_audit_period_then_go():
    trainee = TraineeFactory()
    user_erase(user=trainee)
    pseudonym = User.objects.get(username__startswith="erased-")
    assert ConsentRecord.objects.filter(user=pseudonym).exists()
    assert "audit_records: removed 0" in run("--now", later(days=365 * 9))
    assert "audit_records: would remove 1" in run("--dry-run", "--now", later(days=365 * 11))
    assert ConsentRecord.objects.filter(user=pseudonym).exists()
    assert "audit_records: removed 1" in run("--now", later(days=365 * 11))
    assert not User.objects.filter(pk=pseudonym.pk).exists()  # nothing left to stand for


def test_journals_go_n_months_after_the_programme_ends(home_page, settings):
    settings.RETENTION_JOURNAL_MONTHS = 6
    course = make_course(make_catalog(home_page))
    cohort = make_cohort(course)
    cohort.ends_on = timezone.localdate()
    cohort.save()
    trainee = TraineeFactory()
    enrollment_create(user=trainee, course=course, cohort=cohort)
    lesson = lessons_of(course)[0]
    JournalEntry.objects.create(user=trainee, lesson=lesson, prompt="?", text="Mi sento…")
    assert "journals: removed 0" in run("--now", later(days=150))
    assert JournalEntry.objects.exists()
    assert "journals: removed 1" in run("--now", later(days=190))
    assert not JournalEntry.objects.exists()


def test_every_run_is_logged_dry_or_not_and_the_log_is_append_only():
    run("--dry-run")
    run()
    entries = RetentionLogEntry.objects.all()
    assert len(entries) == 2 * len(SCHEDULE)
    assert {e.dry_run for e in entries} == {True, False}
    with pytest.raises(ValueError):
        entries[0].delete()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "How long we keep your data"),
        ("it", "Per quanto tempo"),
        ("fr", "Combien de temps"),
        ("ar", "المدة"),
    ],
)
def test_my_privacy_lists_the_schedule_from_the_same_source(client, home_page, language, words):
    from django.utils import translation
    from django.utils.html import escape

    from lms.retention import schedule_rows

    client.force_login(TraineeFactory())
    prefix = "" if language == "it" else f"/{language}"
    page = client.get(f"{prefix}/accounts/privacy/consents/").content.decode()
    assert words in page
    with translation.override(language):
        rows = schedule_rows()
    assert len(rows) == len(SCHEDULE)
    for row in rows:
        assert escape(row["period"]) in page and escape(row["category"]) in page
