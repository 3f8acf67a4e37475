"""Issue 13, items 8 and 9 in the lab: withdrawing a consent takes effect at once (photos
hidden, published work withdrawn), and erasing a person blanks what they wrote in the
group's records field by field while the records of the others stay."""

import pytest
from django.urls import reverse

from courses.lab import services
from courses.lab.exceptions import LabError
from courses.lab.models import HypothesisRevision, Problem, ProblemComment, ProposalRevision
from courses.lab.personal_data import ERASED_TEXT
from lms.accounts.consents import Purpose, consent_give, consent_withdraw
from lms.accounts.models import ConsentRecord
from lms.accounts.names import is_pseudonym
from lms.accounts.services import user_erase

from .factories import StageKind, jpeg, make_problem, open_stage
from .test_proposals import SECTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(lab_path, group, participant, facilitator):
    open_stage(lab_path, StageKind.PROPOSALS, user=facilitator)
    return services.proposal_create(path=lab_path, group=group, user=participant, data=SECTIONS)


@pytest.fixture
def sent(written, participant):
    return services.proposal_submit(proposal=written, user=participant)


def test_withdrawing_photo_consent_hides_the_persons_photos_at_once(
    client, lab_path, participant, other_participant, problems_open
):
    consent_give(user=participant, purpose=Purpose.PHOTOS, language="en", channel="privacy_page")
    problem = make_problem(lab_path, participant, attachment=jpeg())
    address = problem.get_attachment_url()
    detail = reverse("courses:lab:problem", args=[lab_path.pk, problem.pk])
    client.force_login(other_participant)
    assert client.get(address).status_code == 200
    assert address in client.get(detail).content.decode()

    consent_withdraw(user=participant, purpose=Purpose.PHOTOS)
    assert client.get(address).status_code == 404
    page = client.get(detail).content.decode()
    assert address not in page
    assert "withdrew their consent to photos" in page
    # Given again: shown again.
    consent_give(user=participant, purpose=Purpose.PHOTOS, language="en", channel="privacy_page")
    assert client.get(address).status_code == 200


def test_withdrawing_publication_consent_withdraws_the_published_proposal_at_once(
    client,
    sent,
    participant,
    other_participant,
):
    consent_give(user=other_participant, purpose=Purpose.LAB_PUBLICATION, language="en",
                 channel="privacy_page")  # fmt: skip
    services.proposal_set_public(proposal=sent, user=participant, is_public=True)
    public = reverse("courses:lab:territory", args=["bari"])
    assert sent.title in client.get(public).content.decode()

    client.force_login(other_participant)
    client.post(
        "/en/accounts/privacy/consents/",
        {"purpose": Purpose.LAB_PUBLICATION, "action": "withdraw"},
    )
    client.logout()
    assert sent.title not in client.get(public).content.decode()
    sent.refresh_from_db()
    assert not sent.is_public
    # Nobody in the group can publish it again while the withdrawal stands.
    with pytest.raises(LabError):
        services.proposal_set_public(proposal=sent, user=participant, is_public=True)


def test_erasure_blanks_the_persons_lab_texts_and_deletes_their_photo(
    lab_path, participant, other_participant, problems_open, django_capture_on_commit_callbacks
):
    problem = make_problem(
        lab_path, participant, description="Vivo in via Roma 3 con mia figlia.", attachment=jpeg()
    )
    photo, storage = problem.attachment.name, problem.attachment.storage
    mine = services.problem_comment_create(problem=problem, author=participant, body="Io, Amina")
    theirs = services.problem_comment_create(problem=problem, author=other_participant, body="Sì")
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=participant)
    problem.refresh_from_db()
    assert problem.author_id is None
    assert problem.description == ERASED_TEXT and problem.where == problem.who_is_affected == ""
    assert not problem.attachment and not storage.exists(photo)
    assert ProblemComment.objects.get(pk=mine.pk).body == ERASED_TEXT
    assert ProblemComment.objects.get(pk=theirs.pk).body == "Sì"  # the others' stay
    assert not Problem.objects.filter(description__contains="via Roma").exists()


def test_erasure_blanks_saved_versions_and_keeps_consent_records_pseudonymised(
    written,
    participant,
):
    assert ProposalRevision.objects.filter(author=participant).exists()
    records = ConsentRecord.objects.filter(user=participant)
    ids, purposes = list(records.values_list("pk", flat=True)), {r.purpose for r in records}
    user_erase(user=participant)
    assert not ProposalRevision.objects.exclude(data={}).filter(author__isnull=True).exists()
    assert not HypothesisRevision.objects.filter(author__isnull=True).exclude(data={}).exists()
    kept = ConsentRecord.objects.filter(pk__in=ids)
    assert kept and all(is_pseudonym(record.user) for record in kept)
    assert {r.purpose for r in kept} == purposes and len(kept) == len(ids)
