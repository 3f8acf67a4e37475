"""Course sign-off: the certificate rule's "trainer sign-off" works end to end, a
revocation adds a record and the rule stops being met, bad input is refused with
nothing saved, and sign-offs are append-only (in the database too, on PostgreSQL)."""

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from certificates import criteria, services
from certificates.exceptions import CertificateError
from certificates.models import ImmutableRecordError, TrainerSignoff
from courses.services import enrollment_create
from tests.courses.factories import make_cohort
from tests.factories import TraineeFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signoff_rule(rule):
    rule.require_signoff = True
    rule.competencies = ""
    rule.save()
    return rule


@pytest.fixture
def taught(signoff_rule, trainee, trainer):
    cohort = make_cohort(signoff_rule.course, trainers=[trainer])
    enrollment_create(user=trainee, course=signoff_rule.course, cohort=cohort)
    return cohort


def _signoff_check(rule, user):
    return next(c for c in criteria.evaluate(rule, [user])[user.pk] if c.key == "signoff")


def test_signoff_meets_the_rule_and_a_revocation_withdraws_it(
    signoff_rule, taught, trainee, trainer
):
    assert not _signoff_check(signoff_rule, trainee).met
    record = services.signoff_record(
        rule=signoff_rule, user=trainee, trainer=trainer, note="Ran the final workshop."
    )
    assert _signoff_check(signoff_rule, trainee).met
    with pytest.raises(CertificateError, match="già confermata per questo corso"):
        services.signoff_record(rule=signoff_rule, user=trainee, trainer=trainer, note="Again.")

    revocation = services.signoff_revoke(signoff=record, trainer=trainer, note="Too early.")
    assert revocation.revokes == record
    check = _signoff_check(signoff_rule, trainee)
    assert not check.met
    record.refresh_from_db()
    assert record.note == "Ran the final workshop."
    # Signing off again after the revocation counts.
    services.signoff_record(rule=signoff_rule, user=trainee, trainer=trainer, note="Now yes.")
    assert _signoff_check(signoff_rule, trainee).met
    assert TrainerSignoff.objects.filter(user=trainee).count() == 3


@pytest.mark.parametrize("case", ["self", "outside", "no_note"])
def test_bad_signoffs_are_refused_and_nothing_is_saved(
    case, signoff_rule, taught, trainee, trainer
):
    learner, note = trainee, "Seen."
    if case == "self":
        learner = trainer
    elif case == "outside":
        learner = TraineeFactory()
    else:
        note = " "
    with pytest.raises(CertificateError):
        services.signoff_record(rule=signoff_rule, user=learner, trainer=trainer, note=note)
    assert not TrainerSignoff.objects.exists()


def test_a_signoff_record_cannot_be_edited_or_deleted(signoff_rule, taught, trainee, trainer):
    record = services.signoff_record(rule=signoff_rule, user=trainee, trainer=trainer, note="x")
    record.note = "changed"
    with pytest.raises(ImmutableRecordError):
        record.save()
    with pytest.raises(ImmutableRecordError):
        record.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only"
)
def test_the_database_refuses_changes_to_a_signoff(signoff_rule, taught, trainee, trainer):
    record = services.signoff_record(rule=signoff_rule, user=trainee, trainer=trainer, note="x")
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        TrainerSignoff.objects.filter(pk=record.pk).update(note="changed")
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        TrainerSignoff.objects.filter(pk=record.pk).delete()
    record.refresh_from_db()
    assert record.note == "x"


def test_the_page_signs_off_and_revokes(client, signoff_rule, taught, trainee, trainer):
    client.force_login(trainer)
    url = reverse("certificates:signoff")
    response = client.post(url, {"learner": trainee.pk, "rule": signoff_rule.pk, "note": "Done."})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "è confermato/a per Peer coach" in page
    record = TrainerSignoff.objects.get()
    response = client.post(
        reverse("certificates:signoff_revoke", args=[record.pk]), {"note": "No."}
    )
    page = client.get(response.url).content.decode()
    assert "Revocata il" in page
    assert not _signoff_check(signoff_rule, trainee).met


def test_the_page_is_for_trainers_of_the_learner(client, signoff_rule, taught, trainee, trainer):
    url = reverse("certificates:signoff")
    client.force_login(trainee)
    assert client.get(url).status_code == 403
    record = services.signoff_record(rule=signoff_rule, user=trainee, trainer=trainer, note="x")
    client.force_login(TrainerFactory())
    response = client.post(reverse("certificates:signoff_revoke", args=[record.pk]), {"note": "y"})
    assert response.status_code == 404
    assert TrainerSignoff.objects.count() == 1
