"""Eligibility from real course data; coordinators issue for a cohort and see progress."""

import re

import pytest

from certificates.criteria import evaluate, is_eligible
from certificates.models import Certificate, IssueBatch
from certificates.selectors import eligibility_table
from courses.models import Enrollment
from courses.services import attendance_record, enrollment_create, lesson_complete
from tests.courses.factories import lessons_of, make_cohort, make_session
from tests.factories import TraineeFactory


@pytest.fixture
def cohort(course, trainer):
    return make_cohort(course, name="Bari 2026", trainers=[trainer])


def _enrol(user, course, cohort):
    return enrollment_create(
        user=user, course=course, cohort=cohort, source=Enrollment.Source.COORDINATOR
    )[0]


def _finish(user, course):
    for lesson in lessons_of(course):
        lesson_complete(user=user, lesson=lesson)


@pytest.fixture
def course_rule(rule):
    rule.require_all_modules = True
    rule.min_attendance = 75
    rule.competencies = ""
    rule.save()
    return rule


def test_modules_and_attendance_say_what_is_missing(course_rule, course, cohort, trainee, trainer):
    _enrol(trainee, course, cohort)
    lesson_complete(user=trainee, lesson=lessons_of(course)[0])
    session = make_session(cohort, course, days=-1, hours=4)
    make_session(cohort, course, days=-2, hours=4)
    attendance_record(session=session, recorded_by=trainer, statuses={trainee.pk: "present"})
    checks = {c.key: c for c in evaluate(course_rule, [trainee])[trainee.pk]}
    assert checks["modules"].met is False
    assert checks["modules"].missing == "2 di 2 moduli da completare"
    assert checks["modules"].details == ("Peer coach – modulo 1", "Peer coach – modulo 2")
    assert checks["attendance"].met is False
    assert checks["attendance"].missing == (
        "Frequentato il 50% delle ore di laboratorio, ne serve il 75%"
    )


def test_all_sessions_excused_says_nothing_was_due_not_a_cross(
    course_rule, course, cohort, trainee, trainer, coordinator_client
):
    _enrol(trainee, course, cohort)
    session = make_session(cohort, course, days=-1, hours=4)
    attendance_record(session=session, recorded_by=trainer, statuses={trainee.pk: "excused"})
    checks = {c.key: c for c in evaluate(course_rule, [trainee])[trainee.pk]}
    assert checks["attendance"].met is None
    assert checks["attendance"].missing == (
        "Nessuna ora di laboratorio ancora dovuta (nessuna svolta, o tutte giustificate)"
    )
    assert "0%" not in checks["attendance"].missing


def test_certificate_hours_equal_ledger_hours(course_rule, course, cohort, trainee, trainer):
    from decimal import Decimal

    from certificates.services import certificate_issue
    from courses.models import AttendanceEntry
    from courses.selectors import ledger_hours

    _enrol(trainee, course, cohort)
    whole = make_session(cohort, course, days=-2, hours=4)
    partial = make_session(cohort, course, days=-1, hours=3)
    attendance_record(session=whole, recorded_by=trainer, statuses={trainee.pk: "present"})
    AttendanceEntry.objects.create(
        session=partial, user=trainee, status="present", hours=Decimal("1.5"), author=trainer
    )
    certificate, _created = certificate_issue(rule=course_rule, user=trainee, check=False)
    assert certificate.hours == ledger_hours([trainee.pk], course=course)[trainee.pk]
    assert certificate.hours == Decimal("5.5")


def test_complete_learner_is_eligible(course_rule, course, cohort, trainee, trainer):
    _enrol(trainee, course, cohort)
    _finish(trainee, course)
    session = make_session(cohort, course, days=-1, hours=4)
    attendance_record(session=session, recorded_by=trainer, statuses={trainee.pk: "present"})
    assert is_eligible(evaluate(course_rule, [trainee])[trainee.pk])


def test_coordinator_issues_for_a_cohort_exactly_once(
    coordinator_client, course_rule, course, cohort, trainer, django_capture_on_commit_callbacks
):
    done = TraineeFactory.create_batch(2)
    not_done = TraineeFactory()
    session = make_session(cohort, course, days=-1, hours=3)
    for person in [*done, not_done]:
        _enrol(person, course, cohort)
    for person in done:
        _finish(person, course)
    attendance_record(
        session=session, recorded_by=trainer, statuses={p.pk: "present" for p in done}
    )
    url = f"/en/certificates/rules/{course_rule.pk}/?cohort={cohort.pk}"
    page = coordinator_client.get(url).content.decode()
    assert "Eligible learners without a certificate: 2" in page
    assert "2 of 2 modules to finish</summary>" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url)
    batch = IssueBatch.objects.get()
    assert response["Location"] == f"/en/certificates/batches/{batch.pk}/"
    progress = coordinator_client.get(response["Location"]).content.decode()
    assert "2 of 2 learners done." in progress
    assert "2 certificates issued." in progress
    assert "0 learners already had one." in progress
    # Asking again issues nothing new: one live certificate per learner and rule.
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url)
    assert Certificate.objects.filter(rule=course_rule).count() == 2
    assert set(Certificate.objects.values_list("user", flat=True)) == {p.pk for p in done}


def test_trainee_and_trainer_cannot_see_eligibility(trainee_client, client, trainer, rule):
    assert trainee_client.get(f"/en/certificates/rules/{rule.pk}/").status_code == 404
    client.force_login(trainer)
    assert client.get(f"/en/certificates/rules/{rule.pk}/").status_code == 404
    assert client.get("/en/certificates/rules/").status_code == 404


def test_cohort_trainer_can_download_their_trainees_pdf(
    client, rule, course, cohort, trainer, trainee
):
    from certificates.services import certificate_issue

    _enrol(trainee, course, cohort)
    certificate, _ = certificate_issue(rule=rule, user=trainee, check=False)
    client.force_login(trainer)
    assert client.get(f"/certificates/{certificate.code}/pdf/").status_code == 200


def test_eligibility_query_count_does_not_grow(
    coordinator_client,
    course_rule,
    course,
    cohort,
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = coordinator_client.get(
                f"/en/certificates/rules/{course_rule.pk}/?cohort={cohort.pk}"
            )
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _enrol(TraineeFactory(), course, cohort)
    make_session(cohort, course, days=-1)
    count()  # the first request also loads the site and the session
    small = count()
    for _ in range(20):
        person = TraineeFactory()
        _enrol(person, course, cohort)
        lesson_complete(user=person, lesson=lessons_of(course)[0])
    assert count() == small


def test_table_lists_only_the_cohort(course_rule, course, cohort):
    other = make_cohort(course, name="Foggia 2026", territory="foggia")
    inside, outside = TraineeFactory(), TraineeFactory()
    _enrol(inside, course, cohort)
    _enrol(outside, course, other)
    rows = eligibility_table(rule=course_rule, cohort=cohort)
    assert [r.user for r in rows] == [inside]


def test_batch_progress_agrees_in_number_with_each_count(coordinator_client, rule, cohort):
    """Each count of the batch page is its own plural message: "1 attestato rilasciato",
    not "1 rilasciati"."""
    batch = IssueBatch.objects.create(
        rule=rule,
        cohort=cohort,
        status=IssueBatch.Status.DONE,
        total=3,
        processed=3,
        issued=1,
        skipped=2,
    )
    italian = coordinator_client.get(f"/certificates/batches/{batch.pk}/").content.decode()
    assert "1 attestato rilasciato." in italian
    assert "2 partecipanti ne avevano già uno." in italian
    english = coordinator_client.get(f"/en/certificates/batches/{batch.pk}/").content.decode()
    assert "1 certificate issued." in english
    assert "2 learners already had one." in english


def test_eligibility_tells_apart_people_with_the_same_name(
    coordinator_client, course_rule, course, cohort
):
    """Two learners called the same are told apart by e-mail and cohort; a long list of
    modules to finish is a count, with the modules on demand."""
    for email in ("anna.rossi@example.org", "a.rossi@example.org"):
        _enrol(TraineeFactory(first_name="Anna", last_name="Rossi", email=email), course, cohort)
    page = coordinator_client.get(f"/en/certificates/rules/{course_rule.pk}/").content.decode()
    assert 'anna.rossi@example.org · <span dir="auto">Bari 2026</span>' in page
    assert 'a.rossi@example.org · <span dir="auto">Bari 2026</span>' in page
    assert "<details><summary>" in page
    assert "<li>Peer coach – module 2</li>" in page or "<li>Peer coach – modulo 2</li>" in page


def test_staff_tables_are_not_capped_at_the_reading_width(
    coordinator_client, course_rule, course, cohort
):
    """Staff tables use the whole width of a desktop: their pages carry page--wide, which
    lifts the 60rem cap of main."""
    page = coordinator_client.get(f"/en/certificates/rules/{course_rule.pk}/").content.decode()
    assert re.search(r'<body class="page--wide"[\s>]', page)
    progress = coordinator_client.get(f"/en/learn/cohorts/{cohort.pk}/courses/{course.pk}/")
    assert progress.status_code == 200
    assert re.search(r'<body class="page--wide"[\s>]', progress.content.decode())
    from django.conf import settings

    css = (settings.BASE_DIR / "lms/static/css/site.css").read_text()
    assert ".page--wide main { max-width: none; }" in css


def test_a_holder_who_no_longer_meets_changed_criteria_is_explained(
    coordinator_client, rule, course, cohort, coordinator
):
    """A certificate issued before the rule became stricter stays valid, and the ✗ next
    to its code says so instead of looking like an error (issue 15, item 19)."""
    from django.utils import timezone

    from certificates.services import certificate_issue

    holder = TraineeFactory(first_name="Amina", last_name="Haddad")
    _enrol(holder, course, cohort)
    _finish(holder, course)
    rule.competencies = ""
    rule.save()
    certificate, _created = certificate_issue(rule=rule, user=holder, issued_by=coordinator)
    rule.min_attendance = 75  # the criteria change after the issue
    rule.save()
    make_session(cohort, course, days=-1, hours=4)
    page = coordinator_client.get(f"/en/certificates/rules/{rule.pk}/").content.decode()
    row = page[page.index("Amina") : page.index("</tr>", page.index("Amina"))]
    assert certificate.code in row and "✗" in row
    from django.utils import formats, translation

    with translation.override("en"):
        date = formats.date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")
    assert f"Issued on {date} under earlier criteria; still valid." in row
