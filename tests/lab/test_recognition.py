"""Facilitators turn contributions into competency evidence through the hook."""

import pytest
from django.urls import reverse
from wagtail import hooks

from courses.lab import services
from courses.lab.exceptions import LabError, NotAllowed
from courses.lab.models import ContributionRecognition
from courses.lab.selectors import contribution_ref, contributions_for_recognition
from lms import hooks as lms_hooks
from tests.assessments.competencies.factories import make_competency, make_framework
from tests.hooks import hooks_replaced

from .factories import make_problem

pytestmark = pytest.mark.django_db

SCALE = ((1, "Beginner"), (2, "Developing"), (3, "Proficient"), (4, "Expert"))


@pytest.fixture
def connected(monkeypatch):
    """A stand-in for the assessments connector: one competency, and a log of calls.
    The real connector (``assessments.lab_evidence``) is set aside meanwhile."""
    received = []

    def source(*, path):
        return [lms_hooks.CompetencyOption(7, "Formulates proposals to institutions", SCALE)]

    def callback(*, recognition):
        received.append(recognition)

    hooks_replaced(monkeypatch, lms_hooks.LAB_COMPETENCY_OPTIONS, source)
    hooks_replaced(monkeypatch, lms_hooks.LAB_CONTRIBUTION_RECOGNISED, callback)
    return received


@pytest.fixture
def problem(lab_path, participant, problems_open):
    return make_problem(lab_path, participant, title="Anagrafe introvabile")


def test_contributions_have_stable_references(lab_path, problem, participant):
    (item,) = contributions_for_recognition(path=lab_path)
    assert item.ref == f"lab.problem:{problem.pk}" == contribution_ref(problem)
    assert item.user_ids == {participant.pk}


def test_facilitator_recognises_a_problem_and_the_hook_gets_it(
    client, lab_path, problem, participant, facilitator, connected
):
    client.force_login(facilitator)
    page = client.get(reverse("courses:lab:recognise", args=[lab_path.pk])).content.decode()
    assert "Formulates proposals to institutions — Proficient" in page
    response = client.post(
        reverse("courses:lab:recognise", args=[lab_path.pk]),
        {
            "contribution": f"lab.problem:{problem.pk}|{participant.pk}",
            "competency_level": "7:3",
            "note": "Problema ben documentato",
        },
        follow=True,
    )
    assert "Recognised. It now counts as evidence." in response.content.decode()
    (recognition,) = connected
    assert recognition.user == participant
    assert (recognition.competency_id, recognition.level) == (7, 3)
    assert recognition.contribution == f"lab.problem:{problem.pk}"


def test_a_failing_connector_rolls_the_recognition_back(
    lab_path, problem, participant, facilitator, connected
):
    def broken(*, recognition):
        raise RuntimeError("evidence service down")

    with (
        hooks.register_temporarily(lms_hooks.LAB_CONTRIBUTION_RECOGNISED, broken),
        pytest.raises(RuntimeError),
    ):
        services.contribution_recognise(
            path=lab_path,
            contribution=f"lab.problem:{problem.pk}",
            participant=participant,
            competency_id=7,
            level=2,
            recognised_by=facilitator,
        )
    assert not ContributionRecognition.objects.exists()


def test_only_facilitators_and_only_the_author(
    lab_path, problem, participant, other_participant, facilitator, connected
):
    args = {"path": lab_path, "contribution": f"lab.problem:{problem.pk}", "competency_id": 7}
    with pytest.raises(NotAllowed):
        services.contribution_recognise(
            participant=participant, level=2, recognised_by=participant, **args
        )
    with pytest.raises(LabError, match="This contribution is not by this participant."):
        services.contribution_recognise(
            participant=other_participant, level=2, recognised_by=facilitator, **args
        )
    with pytest.raises(LabError, match="Choose a level on the competency's scale."):
        services.contribution_recognise(
            participant=participant, level=9, recognised_by=facilitator, **args
        )


def test_without_an_aligned_competency_the_page_says_so(client, lab_path, problem, facilitator):
    """The framework is connected, but nothing is aligned with the cohort's courses."""
    framework = make_framework()
    make_competency(framework, "X", "Non allineata", name_en="Not aligned")
    client.force_login(facilitator)
    page = client.get(reverse("courses:lab:recognise", args=[lab_path.pk])).content.decode()
    assert "No competency is aligned with the courses of this path yet" in page
    assert "Not aligned" not in page


def test_participants_cannot_open_the_recognition_page(client, lab_path, participant):
    client.force_login(participant)
    assert client.get(reverse("courses:lab:recognise", args=[lab_path.pk])).status_code == 403
