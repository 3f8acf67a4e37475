"""Hypotheses written together: two people editing at once lose nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.lab import services
from courses.lab.exceptions import EditConflict, LabError, NotAllowed
from courses.lab.models import HypothesisRevision, StageKind

from .factories import make_problem, open_stage

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": "Sportello di prenotazione assistita",
    "what": "Un'ora a settimana con un volontario",
    "who_acts": "Anagrafe e associazioni",
    "resources": "",
    "risks": "",
    "evidence": "",
}


@pytest.fixture
def selected_problem(lab_path, participant, facilitator, problems_open):
    problem = make_problem(lab_path, participant)
    open_stage(lab_path, StageKind.HYPOTHESES, user=facilitator)
    return services.problem_select(problem=problem, user=facilitator)


@pytest.fixture
def hypothesis(selected_problem, group, participant):
    return services.hypothesis_create(
        problem=selected_problem, group=group, user=participant, data=TEXTS
    )


def test_only_group_members_write(selected_problem, group, outsider, facilitator):
    with pytest.raises(NotAllowed, match="Only the members of the group can write this."):
        services.hypothesis_create(
            problem=selected_problem, group=group, user=facilitator, data=TEXTS
        )


def test_only_selected_problems_get_hypotheses(lab_path, group, participant, facilitator):
    open_stage(lab_path, StageKind.PROBLEMS, user=facilitator)
    problem = make_problem(lab_path, participant)
    open_stage(lab_path, StageKind.HYPOTHESES, user=facilitator)
    with pytest.raises(LabError, match="Hypotheses are written for the selected problems only."):
        services.hypothesis_create(problem=problem, group=group, user=participant, data=TEXTS)


def test_a_save_on_top_of_an_old_version_is_refused_and_kept(
    hypothesis, participant, other_participant
):
    first = services.hypothesis_update(
        hypothesis=hypothesis,
        user=participant,
        base_version=1,
        data={**TEXTS, "risks": "Pochi volontari"},
    )
    assert first.version == 2
    with pytest.raises(EditConflict) as caught:
        services.hypothesis_update(
            hypothesis=hypothesis,
            user=other_participant,
            base_version=1,
            data={**TEXTS, "resources": "Due computer"},
        )
    conflict = caught.value
    assert conflict.current.risks == "Pochi volontari"  # theirs
    assert conflict.mine["resources"] == "Due computer"  # mine, handed back
    hypothesis.refresh_from_db()
    assert hypothesis.version == 2 and hypothesis.resources == ""  # nothing overwritten
    refused = HypothesisRevision.objects.get(conflicted=True)
    assert refused.author == other_participant and refused.data["resources"] == "Due computer"


def test_two_browsers_editing_at_once_lose_nothing(
    lab_path, hypothesis, participant, other_participant
):
    """Both open the form at version 1; the second save shows both texts and keeps
    the second person's text in the form, ready to save at the new version."""
    url = hypothesis.get_absolute_url()
    first, second = Client(), Client()
    first.force_login(participant)
    second.force_login(other_participant)
    assert 'name="version" value="1"' in first.get(url).content.decode()
    assert 'name="version" value="1"' in second.get(url).content.decode()

    response = first.post(url, {**TEXTS, "risks": "Pochi volontari", "version": 1}, follow=True)
    assert "Saved. Everyone in the group sees this version." in response.content.decode()

    response = second.post(url, {**TEXTS, "resources": "Due computer in biblioteca", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved first" in page
    assert "Someone else saved this hypothesis while you were editing." in page
    assert "Pochi volontari" in page  # their text is shown
    assert "\nDue computer in biblioteca</textarea>" in page  # mine is still in the form
    assert 'name="version" value="2"' in page  # and will save on top of theirs

    response = second.post(
        url,
        {
            **TEXTS,
            "risks": "Pochi volontari",
            "resources": "Due computer in biblioteca",
            "version": 2,
        },
        follow=True,
    )
    assert "Saved. Everyone in the group sees this version." in response.content.decode()
    hypothesis.refresh_from_db()
    assert hypothesis.version == 3
    assert (hypothesis.risks, hypothesis.resources) == (
        "Pochi volontari",
        "Due computer in biblioteca",
    )


def test_history_lists_every_version_and_refused_attempt(
    client, lab_path, hypothesis, participant, other_participant
):
    services.hypothesis_update(
        hypothesis=hypothesis, user=participant, base_version=1, data={**TEXTS, "risks": "R1"}
    )
    with pytest.raises(EditConflict):
        services.hypothesis_update(
            hypothesis=hypothesis,
            user=other_participant,
            base_version=1,
            data={**TEXTS, "risks": "Testo perso?"},
        )
    client.force_login(participant)
    page = client.get(
        reverse("courses:lab:hypothesis_history", args=[lab_path.pk, hypothesis.pk])
    ).content.decode()
    assert "Version 1" in page and "Version 2" in page
    assert "Not saved: written on top of version 1 after someone else had saved" in page
    assert "Testo perso?" in page


def test_non_members_read_but_cannot_edit(client, lab_path, hypothesis, facilitator):
    client.force_login(facilitator)
    page = client.get(hypothesis.get_absolute_url()).content.decode()
    assert "Un&#x27;ora a settimana con un volontario" in page
    assert 'name="version"' not in page
    response = client.post(hypothesis.get_absolute_url(), {**TEXTS, "version": 1})
    assert response.status_code == 403


def test_list_shows_selected_problems_with_hypotheses(client, lab_path, hypothesis, participant):
    client.force_login(participant)
    page = client.get(reverse("courses:lab:hypotheses", args=[lab_path.pk])).content.decode()
    assert "Sportello di prenotazione assistita" in page
    assert "Gruppo A · version 1" in page


def test_a_field_both_changed_keeps_mine_in_the_form_and_shows_theirs(
    client, hypothesis, participant, other_participant
):
    services.hypothesis_update(
        hypothesis=hypothesis,
        user=participant,
        base_version=1,
        data={**TEXTS, "what": "Versione di Amina", "risks": "Rischio di Amina"},
    )
    client.force_login(other_participant)
    page = client.post(
        hypothesis.get_absolute_url(), {**TEXTS, "what": "Versione di Kwame", "version": 1}
    ).content.decode()
    assert "Their changes to these parts are already in the form: risks." in page
    assert "\nRischio di Amina</textarea>" in page  # only they changed it: taken
    assert "\nVersione di Kwame</textarea>" in page  # both changed it: mine in the form
    assert "Versione di Amina" in page  # theirs beside it
    assert page.count('class="lab-conflict__field"') == 1


def test_merge_texts_without_a_base_treats_every_difference_as_a_clash():
    from courses.lab.services.revisions import merge_texts

    merged, clashes = merge_texts(base=None, theirs={"a": "x", "b": "y"}, mine={"a": "x", "b": "z"})
    assert merged == {"a": "x", "b": "z"} and clashes == {"b"}


def test_export_has_the_group_and_the_hypothesis_text_written(hypothesis, group, participant):
    from lms.accounts.services import user_export_data

    data = user_export_data(user=participant)["lab"]
    assert [g["group"] for g in data["lab_groups"]] == [group.name]
    assert [r["texts"]["title"] for r in data["hypothesis_texts"]] == [TEXTS["title"]]
