"""Two certificate kinds per rule (issue 17): the completion-and-competencies
certificate and the attestato di frequenza, whose hours are the attendance ledger's at
issue time; one valid per learner, rule and kind; the re-issue flag after a ledger
correction, cleared by a versioned re-issue; online time printed apart."""

import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateEvent, IssueBatch
from certificates.selectors import eligibility_table, needs_reissue, reissue_flags
from courses.models import Enrollment, OnlineLearningTime
from courses.selectors import ledger_hours
from courses.services import attendance_record, enrollment_create, register_close
from tests.courses.factories import lessons_of, make_cohort, make_session
from tests.factories import TraineeFactory

ATTENDANCE = Certificate.Kind.ATTENDANCE
COMPLETION = Certificate.Kind.COMPLETION


@pytest.fixture
def cohort(course, trainer):
    return make_cohort(course, name="Lecce 2026", territory="lecce", trainers=[trainer])


@pytest.fixture
def attended(course, cohort, trainee, trainer):
    """The trainee attended a 4-hour session (whole) and 1.5 of a 3-hour one."""
    enrollment_create(
        user=trainee, course=course, cohort=cohort, source=Enrollment.Source.COORDINATOR
    )
    whole = make_session(cohort, course, days=-2, hours=4, title="Ascolto attivo")
    partial = make_session(cohort, course, days=-1, hours=3, title="Domande potenti")
    attendance_record(session=whole, recorded_by=trainer, statuses={trainee.pk: "present"})
    attendance_record(
        session=partial,
        recorded_by=trainer,
        statuses={trainee.pk: "present"},
        hours={trainee.pk: Decimal("1.5")},
    )
    return whole, partial


def _pdf_text(certificate) -> str:
    from pypdf import PdfReader

    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _online(user, course, minutes):
    lesson = lessons_of(course)[0]
    now = timezone.now()
    return OnlineLearningTime.objects.create(
        user=user,
        course=course,
        page=lesson,
        visit=__import__("uuid").uuid4(),
        started_at=now - timedelta(minutes=minutes),
        updated_at=now,
        seconds=minutes * 60,
    )


def test_attestato_prints_the_ledger_hours_and_online_time_apart(
    rule, course, trainee, coordinator, attended
):
    _online(trainee, course, 30)
    _online(trainee, course, 15)
    certificate, created = services.certificate_issue(
        rule=rule, user=trainee, issued_by=coordinator, kind=ATTENDANCE
    )
    assert created and certificate.kind == "attendance"
    assert certificate.hours == ledger_hours([trainee.pk], course=course)[trainee.pk]
    assert certificate.hours == Decimal("5.5")
    # Online time is recorded apart, never added to the workshop hours.
    assert certificate.online_hours == Decimal("0.8")
    text, pages = _pdf_text(certificate)
    assert pages == 1
    assert "attestato di frequenza" in text.lower() and "Certificate of attendance" in text
    assert settings.PROGRAMME_NAME.split(" ")[0] in text
    assert settings.PROJECT_CODE in text
    assert certificate.code in text
    assert "5,5 ore" in text  # the workshop hours, Italian first
    assert "0,8 ore" in text  # the online time, on its own line
    assert "24" not in text.replace(certificate.code, "")  # no fixed figure


def test_completion_certificate_hours_are_workshop_hours_only(
    rule, course, trainee, coordinator, attended
):
    _online(trainee, course, 30)
    certificate, _created = services.certificate_issue(
        rule=rule, user=trainee, issued_by=coordinator, check=False
    )
    assert certificate.kind == COMPLETION
    assert certificate.hours == Decimal("5.5")
    assert certificate.online_hours == Decimal("0.5")
    text, _pages = _pdf_text(certificate)
    assert "5,5 ore" in text


def test_one_valid_per_kind_both_kinds_coexist(rule, trainee, coordinator, attended):
    completion, _ = services.certificate_issue(rule=rule, user=trainee, check=False)
    first, created = services.certificate_issue(rule=rule, user=trainee, kind=ATTENDANCE)
    again, created_again = services.certificate_issue(rule=rule, user=trainee, kind=ATTENDANCE)
    assert created and not created_again and again == first
    assert completion != first
    assert Certificate.objects.filter(user=trainee, state="valid").count() == 2
    duplicate = Certificate.objects.get(pk=first.pk)
    duplicate.pk, duplicate.code = None, "AAAA-BBBB-CCCC-DDDD-EEEE"
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save(force_insert=True)


def test_no_hours_no_attestato_with_a_clear_error(rule, course, cohort, trainee):
    enrollment_create(
        user=trainee, course=course, cohort=cohort, source=Enrollment.Source.COORDINATOR
    )
    from django.utils import translation

    from lms.accounts.names import display_name

    with translation.override("en"), pytest.raises(services.NotEligible) as error:
        services.certificate_issue(rule=rule, user=trainee, kind=ATTENDANCE)
    assert str(error.value) == (
        f"{display_name(trainee)} has no workshop hours in the attendance register yet."
    )
    assert not Certificate.objects.exists()


def test_unknown_kind_is_refused_naming_the_kinds(rule, trainee, attended):
    with pytest.raises(services.CertificateError) as error:
        services.certificate_issue(rule=rule, user=trainee, kind="diploma")
    assert "diploma" in str(error.value)
    assert "completion" in str(error.value) and "attendance" in str(error.value)
    assert not Certificate.objects.exists()


def test_a_ledger_correction_flags_reissue_and_a_reissue_clears_it(
    rule, trainee, trainer, coordinator, attended
):
    whole, _partial = attended
    certificate, _ = services.certificate_issue(rule=rule, user=trainee, kind=ATTENDANCE)
    assert not needs_reissue(certificate)
    register_close(session=whole, closed_by=trainer)
    attendance_record(
        session=whole,
        recorded_by=trainer,
        statuses={trainee.pk: "present"},
        hours={trainee.pk: Decimal("2")},
        reason="Left at the break: signed sheet says 2 hours",
    )
    assert reissue_flags([certificate]) == {certificate.pk: Decimal("3.5")}
    assert needs_reissue(certificate)

    new = services.certificate_reissue(certificate=certificate, by=coordinator, reason="Register")
    old = Certificate.objects.get(pk=certificate.pk)
    assert old.state == Certificate.State.REPLACED and old.replaced_by == new  # kept, superseded
    assert (new.kind, new.version, new.hours) == (ATTENDANCE, 2, Decimal("3.5"))
    assert not needs_reissue(new) and not needs_reissue(old)
    text, _pages = _pdf_text(new)
    assert "3,5 ore" in text and "v2" in text
    assert new.events.get().action == CertificateEvent.Action.REISSUED


def test_coordinator_sees_the_flag_on_both_certificate_screens(
    coordinator_client, rule, trainee, trainer, attended
):
    whole, _partial = attended
    certificate, _ = services.certificate_issue(rule=rule, user=trainee, kind=ATTENDANCE)
    attendance_record(
        session=whole, recorded_by=trainer, statuses={trainee.pk: "absent"}, reason="Wrong row"
    )
    page = coordinator_client.get(f"/en/certificates/rules/{rule.pk}/").content.decode()
    assert "Needs re-issue: it prints 5.5 workshop hours, the register now gives 1.5." in page
    assert "1 certificate needs re-issue" in page
    manage = coordinator_client.get(f"/en/certificates/{certificate.code}/manage/")
    assert "the register now gives 1.5" in manage.content.decode()
    coordinator_client.post(
        f"/en/certificates/{certificate.code}/manage/",
        {"action": "reissue", "reason": "Register corrected"},
    )
    page = coordinator_client.get(f"/en/certificates/rules/{rule.pk}/").content.decode()
    assert "Needs re-issue" not in page
    verify = coordinator_client.get(f"/en/verify/{certificate.code}/").content.decode()
    current = Certificate.objects.get(pk=certificate.pk).replaced_by
    assert "Replaced by a newer version" in verify and current.code in verify


def test_eligibility_screen_labels_hours_apart_and_issues_attestati(
    coordinator_client, rule, course, trainee, attended, django_capture_on_commit_callbacks
):
    _online(trainee, course, 20)
    url = f"/en/certificates/rules/{rule.pk}/"
    page = coordinator_client.get(url).content.decode()
    assert "Workshop hours (register)" in page and "Online learning time (hours, apart)" in page
    assert '<td class="num">5.5</td>' in page and '<td class="num">0.33</td>' in page
    assert "Learners with workshop hours and no certificate of attendance: 1" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, {"kind": "attendance"})
    batch = IssueBatch.objects.get()
    assert batch.kind == ATTENDANCE and response["Location"].endswith(f"/batches/{batch.pk}/")
    certificate = Certificate.objects.get()
    assert (certificate.kind, certificate.hours) == (ATTENDANCE, Decimal("5.5"))
    rows = eligibility_table(rule=rule)
    assert rows[0].attendance_certificate == certificate and rows[0].certificate is None


def test_eligibility_screen_refuses_an_unknown_kind(coordinator_client, rule, attended):
    url = f"/en/certificates/rules/{rule.pk}/"
    response = coordinator_client.post(url, {"kind": "diploma"}, follow=True)
    assert "Unknown certificate kind “diploma”" in response.content.decode()
    assert not IssueBatch.objects.exists()


def test_issue_certificates_command_takes_a_kind(
    rule, course, trainee, attended, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_certificates", course=course.slug, kind="attendance", stdout=out)
    assert Certificate.objects.get().kind == ATTENDANCE
    # In the language of the environment (manage.py activates it): the value and the
    # kinds are named in any language.
    with pytest.raises(CommandError, match="^--kind: .*“badge”.*completion, attendance"):
        call_command("issue_certificates", course=course.slug, kind="badge")


def test_bulk_attestati_match_each_learners_ledger(rule, course, cohort, trainer, attended):
    whole, _partial = attended
    other = TraineeFactory()
    enrollment_create(
        user=other, course=course, cohort=cohort, source=Enrollment.Source.COORDINATOR
    )
    attendance_record(session=whole, recorded_by=trainer, statuses={other.pk: "present"})
    users = [e.user for e in Enrollment.objects.filter(course=course)]
    results = services.certificates_issue_many(rule=rule, users=users, kind=ATTENDANCE)
    hours = ledger_hours([u.pk for u in users], course=course)
    for certificate, created in results:
        assert created and certificate.kind == ATTENDANCE
        assert certificate.hours == hours[certificate.user_id].quantize(Decimal("0.1"))


def _committed(function):
    box = {}

    def run():
        from django.db import connection

        try:
            box["value"] = function()
        except Exception as error:  # re-raised below, in the test's thread
            box["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises writers; the race needs PostgreSQL (make test-pg)",
)
@pytest.mark.django_db
def test_concurrent_attestati_give_one_per_kind():
    """Six simultaneous requests per kind for one learner give one valid certificate of
    each kind (the database constraint settles the race)."""
    from wagtail.models import Page

    from certificates.models import CertificateRule, CertificateTemplate
    from tests.courses.factories import make_catalog, make_course

    def create():
        catalog = make_catalog(Page.get_first_root_node(), slug="race-kinds")
        course = make_course(catalog, title="Race kinds", slug="race-kinds", modules=1, lessons=1)
        template = CertificateTemplate.objects.create(name="Race kinds", body_it="x", body_en="y")
        rule = CertificateRule.objects.create(name="Race kinds", course=course, template=template)
        return catalog, template, rule, TraineeFactory()

    catalog, template, rule, trainee = _committed(create)
    results, errors = [], []
    barrier = threading.Barrier(6)

    def issue(kind):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(
                services.certificate_issue(
                    rule=rule, user=trainee, notify=False, check=False, kind=kind
                )
            )
        except Exception as error:
            errors.append(error)
        finally:
            thread_connection.close()

    try:
        threads = [
            threading.Thread(target=issue, args=(kind,)) for kind in [ATTENDANCE, COMPLETION] * 3
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert len({c.pk for c, _created in results}) == 2
        assert sum(created for _c, created in results) == 2
        kinds = _committed(
            lambda: sorted(Certificate.objects.filter(rule=rule).values_list("kind", flat=True))
        )
        assert kinds == ["attendance", "completion"]
    finally:

        def remove():
            CertificateEvent.objects.filter(certificate__rule=rule).delete()
            Certificate.objects.filter(rule=rule).delete()
            rule.delete()
            template.delete()
            Page.objects.get(pk=catalog.pk).delete()
            trainee.delete()

        _committed(remove)
