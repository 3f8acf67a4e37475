"""The real connector: lab recognitions become evidence on the trainee's competency map."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import lab_evidence
from assessments.models import CompetencyAlignment, CompetencyRating, Evidence, RuleType
from courses.lab import services
from courses.lab.exceptions import LabError
from courses.lab.models import ContributionRecognition
from courses.models import LessonPage
from tests.assessments.competencies.factories import make_competency, make_framework
from tests.courses.factories import make_catalog, make_course

from .factories import make_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework(idnumber="LAB")


@pytest.fixture
def proposals_competency(framework, workshop_course):
    """ "Formulates proposals to institutions", aligned with a lesson of the workshop."""
    competency = make_competency(
        framework,
        "ISTI-2",
        "Formula proposte alle istituzioni",
        name_en="Formulates proposals to institutions",
        rule_type=RuleType.LATEST_TRAINER,
    )
    lesson = LessonPage.objects.descendant_of(workshop_course).first()
    CompetencyAlignment.objects.create(competency=competency, page=lesson)
    return competency


@pytest.fixture
def problem(lab_path, participant, problems_open):
    return make_problem(lab_path, participant, title="Anagrafe introvabile")


def recognise(client, path, problem, participant, competency, level, note=""):
    return client.post(
        reverse("courses:lab:recognise", args=[path.pk]),
        {
            "contribution": f"lab.problem:{problem.pk}|{participant.pk}",
            "competency_level": f"{competency.pk}:{level}",
            "note": note,
        },
        follow=True,
    )


def test_the_source_offers_competencies_aligned_with_the_cohorts_courses(
    lab_path, proposals_competency, framework, home_page
):
    other_course = make_course(make_catalog(home_page, slug="altro"), title="Altro corso")
    elsewhere = make_competency(framework, "OTHER", "Altrove", name_en="Elsewhere")
    CompetencyAlignment.objects.create(competency=elsewhere, page=other_course)
    (option,) = lab_evidence.lab_competency_options(lab_path)
    assert option.id == proposals_competency.pk
    assert option.label == "Formulates proposals to institutions"
    assert option.levels == (
        (1, "Beginner"),
        (2, "Developing"),
        (3, "Proficient"),
        (4, "Expert"),
    )


def test_the_source_runs_the_same_queries_however_many_alignments(
    lab_path, proposals_competency, framework, workshop_course, cohort, home_page
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            options = lab_evidence.lab_competency_options(lab_path)
        return len(queries), len(options)

    before, found = count()
    assert found == 1
    second = make_course(make_catalog(home_page, slug="secondo"), title="Secondo corso")
    cohort.courses.add(second)
    for n in range(5):
        competency = make_competency(framework, f"C{n}", f"Competenza {n}")
        CompetencyAlignment.objects.create(competency=competency, page=second)
    after, found = count()
    assert found == 6
    assert after == before


def test_facilitator_recognition_shows_on_the_trainees_map_and_the_rating_follows(
    client, lab_path, problem, participant, facilitator, proposals_competency
):
    client.force_login(facilitator)
    page = client.get(reverse("courses:lab:recognise", args=[lab_path.pk])).content.decode()
    assert "Formulates proposals to institutions — Proficient" in page
    response = recognise(
        client, lab_path, problem, participant, proposals_competency, 3, "Problema ben documentato"
    )
    assert "Recognised. It now counts as evidence." in response.content.decode()
    evidence = Evidence.objects.get()
    assert (evidence.user, evidence.competency, evidence.kind, evidence.level) == (
        participant,
        proposals_competency,
        "observation",
        3,
    )
    assert evidence.source == f"lab.problem:{problem.pk}"
    assert evidence.recorded_by == facilitator

    client.force_login(participant)
    my_map = reverse("assessments:competencies:map") + "?framework=LAB"
    page = client.get(my_map).content.decode()
    assert "Problema ben documentato" in page
    assert "Laboratorio Bari — Anagrafe introvabile" in page
    assert "<strong>Proficient</strong>" in page
    assert CompetencyRating.objects.get(user=participant).level == 3

    # A later recognition at a higher level moves the rating on.
    client.force_login(facilitator)
    second_problem = make_problem(lab_path, participant, title="Casa")
    recognise(client, lab_path, second_problem, participant, proposals_competency, 4)
    client.force_login(participant)
    assert "<strong>Expert</strong>" in client.get(my_map).content.decode()
    assert CompetencyRating.objects.get(user=participant).level == 4


def test_a_participant_cannot_recognise_contributions(
    client, lab_path, problem, participant, other_participant, proposals_competency
):
    client.force_login(other_participant)
    response = recognise(client, lab_path, problem, participant, proposals_competency, 4)
    assert response.status_code == 403
    assert not Evidence.objects.exists()
    assert not ContributionRecognition.objects.exists()


def test_a_level_outside_the_scale_is_refused_with_a_clear_error(
    client, lab_path, problem, participant, facilitator, proposals_competency
):
    client.force_login(facilitator)
    response = recognise(client, lab_path, problem, participant, proposals_competency, 9, "Nota")
    page = response.content.decode()
    assert "Choose a competency of this path and a level on its scale from the list." in page
    assert "Nota</textarea>" in page  # what was typed is still there
    with pytest.raises(LabError, match="Choose a level on the competency's scale."):
        services.contribution_recognise(
            path=lab_path,
            contribution=f"lab.problem:{problem.pk}",
            participant=participant,
            competency_id=proposals_competency.pk,
            level=5,
            recognised_by=facilitator,
        )
    assert not Evidence.objects.exists()
    assert not ContributionRecognition.objects.exists()


def test_the_connector_itself_refuses_a_level_off_the_scale(
    lab_path, problem, participant, facilitator, proposals_competency
):
    """Should a source ever offer a wrong level, the evidence service still refuses it."""
    recognition = ContributionRecognition.objects.create(
        path=lab_path,
        contribution=f"lab.problem:{problem.pk}",
        user=participant,
        competency_id=proposals_competency.pk,
        competency_label="x",
        level=7,
        recognised_by=facilitator,
    )
    with pytest.raises(LabError, match="Level 7 is not on this competency's scale"):
        lab_evidence.record_recognition(recognition)
    assert not Evidence.objects.exists()
