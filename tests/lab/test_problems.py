"""Problems: posting, commenting, moderation and merging duplicates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.lab import services
from courses.lab.exceptions import LabError, NotAllowed, StageNotOpen
from courses.lab.models import Ballot, Problem, StageKind

from .factories import jpeg, make_problem, open_stage

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"courses:lab:{name}", args=args)


def test_participant_posts_a_problem_with_a_photo(client, lab_path, participant, problems_open):
    client.force_login(participant)
    photo = jpeg("fila.jpg")
    response = client.post(
        url("problem_new", lab_path.pk),
        {
            "title": "Fila all'anagrafe",
            "description": "Si aspetta tre ore.",
            "where": "Via Rosselli",
            "who_is_affected": "Nuovi residenti",
            "attachment": photo,
        },
        follow=True,
    )
    problem = Problem.objects.get()
    assert response.redirect_chain[-1][0] == problem.get_absolute_url()
    assert "Your problem is posted. Thank you!" in response.content.decode()
    assert problem.author == participant
    assert problem.attachment_is_image


def test_the_form_reshows_what_was_typed_on_error(client, lab_path, participant, problems_open):
    client.force_login(participant)
    response = client.post(
        url("problem_new", lab_path.pk), {"title": "Fila all'anagrafe", "where": ""}
    )
    assert response.status_code == 200
    assert 'value="Fila all&#x27;anagrafe"' in response.content.decode()
    assert not Problem.objects.exists()


def test_a_document_of_another_kind_is_refused(client, lab_path, participant, problems_open):
    client.force_login(participant)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        url("problem_new", lab_path.pk),
        {"title": "T", "description": "D", "where": "W", "who_is_affected": "P", "attachment": bad},
    )
    assert response.status_code == 200
    assert not Problem.objects.exists()


def test_no_problem_can_be_posted_before_the_stage_opens(lab_path, participant):
    with pytest.raises(StageNotOpen, match="The stage “Problems” is not open."):
        make_problem(lab_path, participant)


def test_a_trainee_of_another_cohort_sees_nothing(
    client, lab_path, participant, outsider, problems_open
):
    problem = make_problem(lab_path, participant)
    client.force_login(outsider)
    assert client.get(url("path", lab_path.pk)).status_code == 404
    assert client.get(url("problems", lab_path.pk)).status_code == 404
    assert client.get(problem.get_absolute_url()).status_code == 404
    assert lab_path.title not in client.get(url("index")).content.decode()
    with pytest.raises(NotAllowed):
        make_problem(lab_path, outsider)


def test_comments_count_and_show(client, lab_path, participant, other_participant, problems_open):
    problem = make_problem(lab_path, participant)
    client.force_login(other_participant)
    client.post(problem.get_absolute_url(), {"body": "Anche per me è così."})
    problem.refresh_from_db()
    assert problem.comment_count == 1
    page = client.get(url("problems", lab_path.pk)).content.decode()
    assert "1 comment" in page
    assert "Anche per me è così." in client.get(problem.get_absolute_url()).content.decode()


def test_facilitator_hides_with_a_reason_never_silently(
    client, lab_path, participant, other_participant, facilitator, problems_open
):
    problem = make_problem(lab_path, participant)
    comment = services.problem_comment_create(
        problem=problem, author=other_participant, body="Parole offensive"
    )
    with pytest.raises(LabError, match="Say why you hide it"):
        services.item_hide(item=comment, user=facilitator, reason="  ")
    with pytest.raises(NotAllowed):
        services.item_hide(item=comment, user=participant, reason="non mi piace")
    client.force_login(facilitator)
    client.post(
        url("hide", lab_path.pk, "problemcomment", comment.pk),
        {"reason": "Linguaggio offensivo", "next": problem.get_absolute_url()},
    )
    comment.refresh_from_db()
    assert comment.is_hidden and comment.body == "Parole offensive"  # kept, not deleted
    client.force_login(participant)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Hidden by the facilitator: Linguaggio offensivo" in page
    assert "Parole offensive" not in page


def test_merging_moves_votes_and_gives_back_double_votes(
    lab_path, participant, other_participant, facilitator, problems_open
):
    original = make_problem(lab_path, participant, title="Anagrafe")
    duplicate = make_problem(lab_path, other_participant, title="Anagrafe senza SPID")
    services.vote_cast(problem=original, user=participant)
    services.vote_cast(problem=duplicate, user=participant)  # voted for both
    services.vote_cast(problem=duplicate, user=other_participant)

    services.problem_merge(duplicate=duplicate, into=original, user=facilitator)

    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert original.vote_count == 2 and original.votes.count() == 2
    assert duplicate.vote_count == 0
    assert Ballot.objects.get(user=participant).used == 1  # the double vote came back
    assert Ballot.objects.get(user=other_participant).used == 1


def test_only_facilitators_merge(lab_path, participant, problems_open):
    a = make_problem(lab_path, participant, title="A")
    b = make_problem(lab_path, participant, title="B")
    with pytest.raises(NotAllowed, match="Only the path's facilitators can do this."):
        services.problem_merge(duplicate=a, into=b, user=participant)


def test_merged_problem_page_points_to_the_original(
    client, lab_path, participant, facilitator, problems_open
):
    a = make_problem(lab_path, participant, title="Anagrafe")
    b = make_problem(lab_path, participant, title="Anagrafe bis")
    client.force_login(facilitator)
    response = client.post(url("problem_merge", lab_path.pk, b.pk), {"into": a.pk}, follow=True)
    assert "“Anagrafe bis” is merged into “Anagrafe”; its votes moved there." in (
        response.content.decode()
    )
    client.force_login(participant)
    page = client.get(b.get_absolute_url()).content.decode()
    assert "This problem was merged into another one:" in page
    listing = client.get(url("problems", lab_path.pk)).content.decode()
    assert "Anagrafe bis" not in listing


def test_facilitator_opens_and_closes_stages(client, lab_path, facilitator, participant):
    stage = lab_path.stages.get(kind=StageKind.PROBLEMS)
    client.force_login(participant)
    assert client.post(url("stage_action", lab_path.pk, stage.pk, "open")).status_code == 403
    client.force_login(facilitator)
    response = client.post(url("stage_action", lab_path.pk, stage.pk, "open"), follow=True)
    assert "The stage “Problems” is open." in response.content.decode()
    stage.refresh_from_db()
    assert stage.is_open


def test_stage_instructions_and_facilitator_show(client, lab_path, participant, facilitator):
    client.force_login(participant)
    page = client.get(url("path", lab_path.pk)).content.decode()
    assert "Istruzioni per problems" in page
    assert f"Facilitator: {facilitator.profile.display_name}" in page


def test_open_hypotheses_stage_only_after(lab_path, facilitator):
    open_stage(lab_path, StageKind.HYPOTHESES, user=facilitator)
    assert lab_path.stages.get(kind=StageKind.HYPOTHESES).is_open
