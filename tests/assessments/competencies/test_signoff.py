"""Trainer sign-off: evidence like the others, the "Trainer sign-off" rule, revoking
by an added record, bad input refused with nothing saved, and evidence immutable in
the database itself on PostgreSQL."""

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from assessments.competencies import signoff
from assessments.competencies.exceptions import CompetencyError
from assessments.models import CompetencyRating, Evidence, EvidenceKind, RuleType
from tests.factories import TraineeFactory, TrainerFactory

from .conftest import enrol
from .factories import make_competency

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitation(tree):
    framework, area, *_rest = tree
    return make_competency(
        framework,
        "A4",
        "Facilitazione",
        area,
        name_en="Facilitation",
        rule_type=RuleType.SIGNOFF,
        sort_order=4,
    )


def _rating(user, competency):
    return CompetencyRating.objects.get(user=user, competency=competency)


def test_a_signoff_makes_the_competency_proficient_and_a_revocation_undoes_it(
    facilitation, trainer, trainee, taught
):
    record = signoff.signoff_record(
        trainer=trainer, learner=trainee, competency=facilitation, note="Led the assembly."
    )
    assert record.kind == EvidenceKind.SIGNOFF and record.level == 3
    rating = _rating(trainee, facilitation)
    assert rating.proficient and rating.level == 3
    assert rating.detail["reason"]["code"] == "signoff"

    revocation = signoff.signoff_revoke(trainer=trainer, signoff=record, note="Wrong learner.")
    assert revocation.corrects_id == record.pk
    rating = _rating(trainee, facilitation)
    assert not rating.proficient and rating.level is None
    assert rating.detail["reason"]["code"] == "signoff_revoked"
    # The sign-off itself is unchanged: two records now.
    record.refresh_from_db()
    assert record.note == "Led the assembly." and record.level == 3
    assert Evidence.objects.filter(user=trainee, competency=facilitation).count() == 2

    # Signing off again after a revocation counts again.
    signoff.signoff_record(
        trainer=trainer, learner=trainee, competency=facilitation, note="Seen again.", level=4
    )
    assert _rating(trainee, facilitation).level == 4


@pytest.mark.parametrize(
    "case, message",
    [
        ("self", "cannot sign themselves off"),
        ("outside", "not in a cohort you train"),
        ("no_note", "note"),
        ("not_trainer", "Only trainers"),
    ],
)
def test_bad_signoffs_are_refused_and_nothing_is_saved(
    case, message, facilitation, trainer, trainee, taught
):
    learner, signer, note = trainee, trainer, "Seen it."
    if case == "self":
        learner = trainer
    elif case == "outside":
        learner = TraineeFactory()
    elif case == "no_note":
        note = "   "
    elif case == "not_trainer":
        signer = TraineeFactory()
        enrol(signer, taught)
    with pytest.raises(CompetencyError, match=message):
        signoff.signoff_record(trainer=signer, learner=learner, competency=facilitation, note=note)
    assert not Evidence.objects.exists()
    assert not CompetencyRating.objects.filter(competency=facilitation).exists()


def test_a_revocation_needs_a_note_and_happens_once(facilitation, trainer, trainee, taught):
    record = signoff.signoff_record(
        trainer=trainer, learner=trainee, competency=facilitation, note="Seen."
    )
    with pytest.raises(CompetencyError, match="why"):
        signoff.signoff_revoke(trainer=trainer, signoff=record, note="")
    signoff.signoff_revoke(trainer=trainer, signoff=record, note="Mistake.")
    with pytest.raises(CompetencyError, match="already been revoked"):
        signoff.signoff_revoke(trainer=trainer, signoff=record, note="Again.")
    other_trainer = TrainerFactory()
    with pytest.raises(CompetencyError, match="not in a cohort"):
        signoff.signoff_revoke(trainer=other_trainer, signoff=record, note="Not mine.")
    assert Evidence.objects.filter(kind=EvidenceKind.SIGNOFF_REVOKED).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only"
)
def test_evidence_cannot_be_changed_or_deleted_in_the_database(
    facilitation, trainer, trainee, taught
):
    record = signoff.signoff_record(
        trainer=trainer, learner=trainee, competency=facilitation, note="Seen."
    )
    for statement in (
        Evidence.objects.filter(pk=record.pk).update,
        Evidence.objects.filter(pk=record.pk).delete,
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            statement(note="Edited.") if statement.__name__ == "update" else statement()
    record.refresh_from_db()
    assert record.note == "Seen."


def test_erasing_people_still_works_with_immutable_evidence(facilitation, trainer, trainee, taught):
    """Erasing the learner removes their evidence; erasing the trainer unlinks it."""
    from lms.accounts.services import user_erase

    record = signoff.signoff_record(
        trainer=trainer, learner=trainee, competency=facilitation, note="Seen."
    )
    user_erase(user=trainer)
    record.refresh_from_db()
    assert record.recorded_by_id is None and record.note == "Seen."
    user_erase(user=trainee)
    assert not Evidence.objects.filter(pk=record.pk).exists()


# --- The page ---------------------------------------------------------------------------


def _url(framework, **params):
    query = "&".join(f"{k}={v}" for k, v in {"framework": framework.idnumber, **params}.items())
    return f"{reverse('assessments:competencies:signoff')}?{query}"


def test_the_page_asks_to_log_in(client, tree):
    response = client.get(_url(tree[0]))
    assert response.status_code == 302 and "login" in response.url


def test_the_page_is_for_trainers(trainee_client, tree):
    assert trainee_client.get(_url(tree[0])).status_code == 403


def test_a_trainer_signs_off_and_revokes_on_the_page(trainer_client, facilitation, trainee, taught):
    framework = facilitation.framework
    response = trainer_client.post(
        _url(framework),
        {"learner": trainee.pk, "competency": facilitation.pk, "level": 3, "note": "Led it."},
    )
    assert response.status_code == 302
    page = trainer_client.get(response.url).content.decode()
    assert "is signed off for" in page and "Led it." in page
    record = Evidence.objects.get(kind=EvidenceKind.SIGNOFF)
    revoke = reverse("assessments:competencies:signoff_revoke", args=[record.pk])
    response = trainer_client.post(f"{revoke}?framework={framework.idnumber}", {"note": "Oops."})
    page = trainer_client.get(response.url).content.decode()
    assert "Revoked on" in page and "Oops." in page
    assert Evidence.objects.count() == 2


def test_the_page_refuses_an_empty_note_and_keeps_the_input(
    trainer_client, facilitation, trainee, taught
):
    response = trainer_client.post(
        _url(facilitation.framework),
        {"learner": trainee.pk, "competency": facilitation.pk, "level": 3, "note": ""},
    )
    assert response.status_code == 200
    assert "Say in a note what the sign-off rests on." in response.content.decode()
    assert response.context["form"]["learner"].value() == str(trainee.pk)
    assert not Evidence.objects.exists()


def test_a_learner_outside_the_cohorts_is_not_offered_nor_accepted(
    trainer_client, facilitation, taught
):
    outsider = TraineeFactory()
    response = trainer_client.post(
        _url(facilitation.framework),
        {"learner": outsider.pk, "competency": facilitation.pk, "level": 3, "note": "x"},
    )
    assert response.status_code == 200
    assert "learner" in response.context["form"].errors
    assert not Evidence.objects.exists()


def test_revoking_someone_elses_signoff_is_a_404(client, facilitation, trainer, trainee, taught):
    record = signoff.signoff_record(
        trainer=trainer, learner=trainee, competency=facilitation, note="Seen."
    )
    client.force_login(TrainerFactory())
    revoke = reverse("assessments:competencies:signoff_revoke", args=[record.pk])
    response = client.post(f"{revoke}?framework={facilitation.framework.idnumber}", {"note": "x"})
    assert response.status_code == 404
    assert Evidence.objects.count() == 1
