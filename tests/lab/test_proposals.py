"""Proposals: writing, review by public officials, PDF dossier, follow-up, public page."""

import datetime

import pytest
from django.urls import reverse

from courses.lab import rendering, selectors, services
from courses.lab.exceptions import LabError, NotAllowed
from courses.lab.models import Proposal, StageKind

from .factories import open_stage

pytestmark = pytest.mark.django_db

SECTIONS = {
    "title": "Interpreti su prenotazione",
    "problem_statement": "Agli sportelli manca la mediazione.",
    "evidence": "27 testimonianze raccolte.",
    "solution": "Un calendario di mediatori prenotabili.",
    "actors": "Servizi sociali e associazioni.",
    "costs": "18.000 euro l'anno.",
    "timeline": "Da gennaio a giugno.",
    "success_measures": "Colloqui rinviati dimezzati.",
}


def url(name, *args):
    return reverse(f"courses:lab:{name}", args=args)


@pytest.fixture
def proposals_open(lab_path, facilitator):
    return open_stage(lab_path, StageKind.PROPOSALS, user=facilitator)


@pytest.fixture
def proposal(lab_path, group, participant, proposals_open):
    return services.proposal_create(path=lab_path, group=group, user=participant, data=SECTIONS)


@pytest.fixture
def submitted(proposal, participant):
    return services.proposal_submit(proposal=proposal, user=participant)


def test_group_writes_and_sends_a_proposal(client, lab_path, group, participant, proposals_open):
    client.force_login(participant)
    response = client.post(
        url("proposal_new", lab_path.pk), {**SECTIONS, "version": 0}, follow=True
    )
    assert "Your group&#x27;s proposal is saved as a draft." in response.content.decode()
    proposal = Proposal.objects.get()
    response = client.post(url("proposal_submit", lab_path.pk, proposal.pk), follow=True)
    assert "Sent for review to the local-authority participants." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_REVIEW


def test_an_incomplete_proposal_cannot_be_sent(lab_path, group, participant, proposals_open):
    proposal = services.proposal_create(
        path=lab_path, group=group, user=participant, data={**SECTIONS, "costs": ""}
    )
    with pytest.raises(
        LabError, match="Complete every section before sending it: costs and resources."
    ):
        services.proposal_submit(proposal=proposal, user=participant)


def test_drafts_are_seen_by_their_group_only(client, lab_path, proposal, other_participant):
    from .factories import make_participant

    stranger = make_participant(lab_path)
    client.force_login(stranger)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert (
        "Interpreti su prenotazione"
        not in client.get(url("proposals", lab_path.pk)).content.decode()
    )
    client.force_login(other_participant)
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_only_public_officials_respond_formally(submitted, participant, official):
    with pytest.raises(NotAllowed, match="Only the local-authority participants can respond"):
        services.proposal_respond(
            proposal=submitted, official=participant, verdict="welcomed", reasons="Bene"
        )
    response = services.proposal_respond(
        proposal=submitted, official=official, verdict="needs_work", reasons="Mancano i costi."
    )
    assert response.get_verdict_display() == "Needs work"
    submitted.refresh_from_db()
    assert submitted.status == Proposal.Status.RESPONDED


def test_official_responds_on_the_page_and_the_group_reads_it(
    client, submitted, official, participant
):
    client.force_login(official)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Give your formal response" in page
    response = client.post(
        url("proposal_respond", submitted.path_id, submitted.pk),
        {"verdict": "not_feasible", "reasons": ""},
    )
    assert response.status_code == 200  # reasons are required: form re-shown
    assert 'id="id_verdict_2" checked' in response.content.decode()  # choice kept
    assert not submitted.responses.exists()
    client.post(
        url("proposal_respond", submitted.path_id, submitted.pk),
        {"verdict": "welcomed", "reasons": "Proposta utile e sostenibile."},
    )
    client.force_login(participant)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Welcomed" in page and "Proposta utile e sostenibile." in page


def test_follow_up_and_the_public_territory_page(client, submitted, facilitator, participant):
    response = services.follow_up_record
    with pytest.raises(NotAllowed):
        response(
            proposal=submitted,
            user=participant,
            submitted_to="Comune",
            submitted_on=datetime.date(2026, 11, 1),
            outcome="adopted",
        )
    client.force_login(facilitator)
    result = client.post(
        url("proposal_follow_up", submitted.path_id, submitted.pk),
        {
            "submitted_to": "Assessorato al Welfare",
            "submitted_on": "2026-11-01",
            "outcome": "adopted",
            "links": "https://example.org/delibera-12\nnon un link",
        },
    )
    assert "“non un link” is not a web address." in result.content.decode()
    client.post(
        url("proposal_follow_up", submitted.path_id, submitted.pk),
        {
            "submitted_to": "Assessorato al Welfare",
            "submitted_on": "2026-11-01",
            "outcome": "adopted",
            "links": "https://example.org/delibera-12",
        },
    )
    public = url("territory", "bari")
    client.logout()
    assert "Interpreti su prenotazione" not in client.get(public).content.decode()  # opt-in
    services.proposal_set_public(proposal=submitted, user=participant, is_public=True)
    page = client.get(public).content.decode()
    assert "Interpreti su prenotazione" in page
    assert "Adopted" in page and "Assessorato al Welfare" in page
    assert participant.profile.display_name not in page  # no names on the public page
    assert client.get(url("territory", "milano")).status_code == 404


def test_the_dossier_is_a_pdf_and_never_fetches_from_the_network(
    client, submitted, official, participant
):
    services.proposal_respond(
        proposal=submitted, official=official, verdict="welcomed", reasons="Bene così."
    )
    client.force_login(participant)
    response = client.get(url("proposal_pdf", submitted.path_id, submitted.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    html = rendering.proposal_dossier_html(detail=selectors.proposal_detail(proposal=submitted))
    assert "Interpreti su prenotazione" in html and "Bene così." in html
    with pytest.raises(rendering.RefusedURL):
        rendering.url_fetcher()("https://example.org/tracker.png")
    with pytest.raises(rendering.RefusedURL):
        rendering.url_fetcher()("file:///etc/passwd")


def test_proposal_editing_is_protected_like_hypotheses(
    client, proposal, participant, other_participant
):
    edit = url("proposal_edit", proposal.path_id, proposal.pk)
    client.force_login(participant)
    client.post(edit, {**SECTIONS, "costs": "20.000 euro", "version": 1})
    client.force_login(other_participant)
    response = client.post(edit, {**SECTIONS, "timeline": "Da marzo", "version": 1})
    page = response.content.decode()
    assert "Someone else saved this proposal while you were editing." in page
    assert "20.000 euro" in page and "\nDa marzo</textarea>" in page
    proposal.refresh_from_db()
    assert proposal.costs == "20.000 euro" and proposal.timeline == "Da gennaio a giugno."


def test_every_save_is_kept_in_the_proposals_history(
    client, proposal, participant, other_participant
):
    from .factories import make_participant

    """A refused save is kept; the second editor's form merges the parts nobody clashed on."""
    edit = url("proposal_edit", proposal.path_id, proposal.pk)
    client.force_login(participant)
    client.post(edit, {**SECTIONS, "costs": "20.000 euro", "version": 1})
    client.force_login(other_participant)
    response = client.post(edit, {**SECTIONS, "timeline": "Da marzo", "version": 1})
    form = response.context["form"]
    assert form["costs"].value() == "20.000 euro"  # their change, taken over
    assert form["timeline"].value() == "Da marzo"  # mine, kept
    assert [(r.version, r.based_on, r.conflicted) for r in proposal.revisions.order_by("pk")] == [
        (1, 0, False),
        (2, 1, False),
        (2, 1, True),
    ]
    history = url("proposal_history", proposal.path_id, proposal.pk)
    page = client.get(history).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "Not saved: written on top of version 1 after someone else had saved" in page
    assert "Da marzo" in page  # nothing typed is lost
    # Drafts belong to the group: another participant of the path cannot read them.
    client.force_login(make_participant(proposal.path))
    assert client.get(history).status_code == 404


def test_a_closed_proposals_stage_says_so_and_when_it_opens_instead_of_the_form(
    client, lab_path, group, participant
):
    """Reached while the stage is not open, the proposal form shows the stage notice and
    its opening date, not eight fields that would be refused on saving."""
    from tests.lab.factories import stage

    proposals = stage(lab_path, StageKind.PROPOSALS)
    proposals.opens_on = datetime.date(2027, 3, 12)
    proposals.save()
    client.force_login(participant)
    html = client.get(url("proposal_new", lab_path.pk)).content.decode()
    assert "The proposals stage is not open: you cannot write a proposal now." in html
    assert "It opens on March 12, 2027." in html
    assert 'name="problem_statement"' not in html
    assert "Save the draft" not in html


def test_the_group_name_is_not_preceded_by_the_word_group(
    client, lab_path, group, participant, proposals_open
):
    """A group is named "Gruppo A": the copy says "Scritta da Gruppo A", never
    "scritta dal gruppo Gruppo A"."""
    group.name = "Gruppo A"
    group.save()
    client.force_login(participant)
    html = client.get(url("proposal_new", lab_path.pk).replace("/en/", "/", 1)).content.decode()
    assert "Scritta da Gruppo A." in html
    assert "gruppo Gruppo" not in html
