"""Issuing, idempotence, revocation, re-issue and the log of who did what."""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError

from certificates import criteria, services
from certificates.models import Certificate, CertificateEvent
from certificates.pdf import sha256
from certificates.selectors import current_version, unseen_certificates_for
from courses.services import enrollment_create
from tests.courses.factories import make_cohort
from tests.factories import TraineeFactory


def test_issue_stores_pdf_hash_credential_and_notifies(issued, trainee, coordinator):
    assert issued.state == Certificate.State.VALID
    # The name given for certificates, never the display name (issue 15, item 15).
    assert issued.holder_name == f"{trainee.first_name} {trainee.last_name}"
    assert issued.course_title == "Peer coach"
    assert issued.competencies == ["Active listening", "Powerful questions"]
    with issued.pdf.open("rb") as handle:
        assert sha256(handle.read()) == issued.pdf_sha256
    assert issued.credential_jwt.count(".") == 2
    event = issued.events.get()
    assert (event.action, event.actor) == (CertificateEvent.Action.ISSUED, coordinator)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [trainee.email]
    assert mail.outbox[0].subject == "Il tuo attestato è pronto"
    assert list(unseen_certificates_for(user=trainee)) == [issued]


def test_issuing_twice_returns_the_same_certificate(issued, rule, trainee):
    again, created = services.certificate_issue(rule=rule, user=trainee)
    assert (again, created) == (issued, False)
    assert Certificate.objects.filter(user=trainee, rule=rule).count() == 1


def test_database_allows_one_valid_certificate_per_learner_and_rule(issued):
    duplicate = Certificate.objects.get(pk=issued.pk)
    duplicate.pk = None
    duplicate.code = "0000-0000-0000-0000-0001"
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_not_eligible_is_refused_with_a_reason(rule, trainee, trainer):
    rule.require_signoff = True
    rule.competencies = ""
    rule.save()
    with pytest.raises(services.NotEligible, match="non soddisfa ancora tutti i requisiti"):
        services.certificate_issue(rule=rule, user=trainee)
    cohort = make_cohort(rule.course, trainers=[trainer])
    enrollment_create(user=trainee, course=rule.course, cohort=cohort)
    services.signoff_record(rule=rule, user=trainee, trainer=trainer, note="Seen in practice.")
    certificate, created = services.certificate_issue(rule=rule, user=trainee)
    assert created


def test_revoke_keeps_the_record_and_logs_why(issued, coordinator):
    services.certificate_revoke(certificate=issued, by=coordinator, reason="Wrong course")
    issued.refresh_from_db()
    assert issued.state == Certificate.State.REVOKED
    assert issued.revoked_reason == "Wrong course"
    assert issued.events.last().action == CertificateEvent.Action.REVOKED
    with pytest.raises(
        services.CertificateError, match="Si può revocare solo un attestato valido."
    ):
        services.certificate_revoke(certificate=issued, by=coordinator, reason="again")


def test_reissue_makes_a_new_version_the_old_code_leads_to(issued, coordinator, trainee):
    # The correction itself is the re-issue's (the holder's form is locked by now).
    trainee.profile.certificate_given_name, trainee.profile.certificate_family_name = (
        "Amina",
        "Diallo",
    )
    trainee.profile.save()
    new = services.certificate_reissue(certificate=issued, by=coordinator, reason="Name spelling")
    issued.refresh_from_db()
    assert issued.state == Certificate.State.REPLACED
    assert new.version == 2 and new.code != issued.code
    assert new.holder_name == "Amina Diallo"
    assert current_version(issued) == new
    event = new.events.get()
    assert (event.action, event.reason, event.actor) == ("reissued", "Name spelling", coordinator)


def test_bilingual_certificate_prints_the_english_course_title(rule, course, trainee):
    """The English text names the course by its English translation's title."""
    import io

    from pypdf import PdfReader

    from courses.models import AttendanceEntry
    from tests.courses.factories import make_cohort, make_session, translate_tree

    translate_tree(course, suffix=" – English")
    session = make_session(make_cohort(course), course, days=-1, hours=3)
    AttendanceEntry.objects.create(session=session, user=trainee, status="present")
    certificate, _created = services.certificate_issue(rule=rule, user=trainee, check=False)
    assert (certificate.course_title, certificate.course_title_en) == (
        "Peer coach",
        "Peer coach – English",
    )
    with certificate.pdf.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "ha completato il percorso Peer coach (3 ore)" in text
    assert "has completed the Peer coach – English path" in text


def test_unavailable_criterion_is_never_passed(rule, trainee, monkeypatch):
    rule.min_quiz_grade = 70
    rule.save()
    monkeypatch.delitem(criteria.EVALUATORS, "quiz_grade")
    checks = criteria.evaluate(rule, [trainee])[trainee.pk]
    quiz = next(c for c in checks if c.key == "quiz_grade")
    assert quiz.met is None
    assert quiz.missing == "Non ancora disponibile"
    assert not criteria.is_eligible(checks)


def test_registered_evaluator_is_used(rule, trainee, monkeypatch):
    rule.min_quiz_grade = 70
    rule.save()
    monkeypatch.setitem(
        criteria.EVALUATORS,
        "quiz_grade",
        lambda r, users: {u.pk: criteria.Outcome(False, "Best grade 55%") for u in users},
    )
    checks = criteria.evaluate(rule, [trainee])[trainee.pk]
    quiz = next(c for c in checks if c.key == "quiz_grade")
    assert (quiz.met, quiz.missing) == (False, "Best grade 55%")


def test_batch_issues_to_listed_learners_with_progress(
    rule, coordinator, django_capture_on_commit_callbacks
):
    people = TraineeFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            rule=rule, requested_by=coordinator, user_ids=[p.pk for p in people]
        )
    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.issued, batch.skipped) == ("done", 3, 3, 0)
    assert batch.percent == 100
    assert Certificate.objects.filter(rule=rule).count() == 3


def test_bulk_issue_gives_each_learner_their_own_pdf_and_one_event(rule, coordinator):
    people = TraineeFactory.create_batch(4)
    results = services.certificates_issue_many(
        rule=rule, users=people, issued_by=coordinator, notify=False
    )
    assert [created for _c, created in results] == [True] * 4
    for (certificate, _created), person in zip(results, people, strict=True):
        assert certificate.user == person
        with certificate.pdf.open("rb") as handle:
            pdf = handle.read()
        assert sha256(pdf) == certificate.pdf_sha256
        assert certificate.events.count() == 1
    assert len({c.pdf_sha256 for c, _created in results}) == 4


def test_bulk_save_settles_a_learner_who_got_one_meanwhile(rule, coordinator):
    """If another request issued to one learner after the batch looked, the batch's
    save falls back to one by one: that learner keeps the other certificate."""
    people = TraineeFactory.create_batch(2)
    chunk = [
        services._new_certificate(rule=rule, user=person, issued_by=coordinator, version=1)
        for person in people
    ]
    winner, _created = services.certificate_issue(rule=rule, user=people[0], check=False)
    saved = services._save_chunk(chunk, coordinator)
    assert saved[0] == (winner, False)
    assert saved[1][1] is True and saved[1][0].user == people[1]
    assert Certificate.objects.filter(rule=rule, state="valid").count() == 2


def _committed(function):
    """Run ``function`` on a thread of its own: its own connection, committed at once."""
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
def test_concurrent_issuing_gives_one_certificate():
    """Six simultaneous requests for the same learner and rule give one certificate.

    The data is committed from helper threads (and removed at the end) instead of
    using a transactional test, whose flush would remove the migration data later
    transactional tests need.
    """
    from wagtail.models import Page

    from certificates.models import CertificateRule, CertificateTemplate
    from tests.courses.factories import make_catalog, make_course

    def create():
        catalog = make_catalog(Page.get_first_root_node(), slug="race-catalog")
        course = make_course(catalog, title="Race", slug="race", modules=1, lessons=1)
        template = CertificateTemplate.objects.create(name="Race", body_it="x", body_en="y")
        rule = CertificateRule.objects.create(name="Race", course=course, template=template)
        return catalog, template, rule, TraineeFactory()

    catalog, template, rule, trainee = _committed(create)
    results, errors = [], []
    barrier = threading.Barrier(6)

    def issue():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(
                services.certificate_issue(rule=rule, user=trainee, notify=False, check=False)
            )
        except Exception as error:
            errors.append(error)
        finally:
            thread_connection.close()

    try:
        threads = [threading.Thread(target=issue) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert len({c.pk for c, _created in results}) == 1
        assert sum(created for _c, created in results) == 1
        assert _committed(lambda: Certificate.objects.filter(rule=rule).count()) == 1
    finally:

        def remove():
            CertificateEvent.objects.filter(certificate__rule=rule).delete()
            Certificate.objects.filter(rule=rule).delete()
            rule.delete()
            template.delete()
            Page.objects.get(pk=catalog.pk).delete()
            trainee.delete()

        _committed(remove)


def test_bulk_issuing_gives_each_learner_their_own_one_page_pdf(rule, issued):
    import io

    from pypdf import PdfReader

    people = TraineeFactory.create_batch(3)
    results = services.certificates_issue_many(rule=rule, users=[issued.user, *people])
    assert [created for _c, created in results] == [False, True, True, True]
    for certificate, _created in results[1:]:
        with certificate.pdf.open("rb") as handle:
            content = handle.read()
        assert sha256(content) == certificate.pdf_sha256
        pages = PdfReader(io.BytesIO(content)).pages
        assert len(pages) == 1
        text = pages[0].extract_text()
        assert certificate.holder_name in text and certificate.code in text
        others = [c for c, _ in results if c.pk != certificate.pk]
        assert not any(other.code in text for other in others)
