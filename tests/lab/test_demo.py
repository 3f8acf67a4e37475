"""The demo: one path per territory at a different stage, loadable twice."""

import pytest
from django.core.management import call_command

from courses.lab import demo, services
from courses.lab.models import ParticipatoryPath, Proposal, StageStatus
from lms.accounts import demo as accounts_demo
from tests.courses.factories import make_catalog, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(home_page):
    make_course(make_catalog(home_page), title="Laboratori apprendimento cooperativo")
    accounts_demo.load()
    demo.load()
    demo.load()  # idempotent


def test_one_path_per_territory_at_different_stages(demo_loaded):
    paths = {p.cohort.territory: p for p in ParticipatoryPath.objects.select_related("cohort")}
    assert set(paths) == {"bari", "foggia", "lecce"}
    open_stage = {
        territory: path.stages.get(status=StageStatus.OPEN).kind
        for territory, path in paths.items()
    }
    assert open_stage == {"bari": "problems", "foggia": "hypotheses", "lecce": "follow_up"}
    assert ParticipatoryPath.objects.count() == 3
    # The dates agree with where each path is: following them changes nothing.
    assert services.stages_follow_dates() == (0, 0)


def test_lecce_has_a_finished_proposal_with_a_response_and_an_outcome(demo_loaded):
    proposal = Proposal.objects.get(path__cohort__territory="lecce")
    assert proposal.status == Proposal.Status.RESPONDED
    assert proposal.responses.get().verdict == "welcomed"
    assert proposal.follow_ups.get().outcome == "under_review"
    assert proposal.is_public


def test_bari_merged_the_duplicate_registry_problem(demo_loaded):
    path = ParticipatoryPath.objects.get(cohort__territory="bari")
    duplicate = path.problems.get(title="Prenotare l'anagrafe senza SPID")
    assert duplicate.merged_into.title == "Appuntamenti all'anagrafe introvabili"


def test_the_lab_demo_runs_after_the_whole_demo(client, locales):
    """As the lead will wire it: load_demo (content, courses, …) then the lab demo."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo.load()
    demo.load()
    assert ParticipatoryPath.objects.count() == 3
    from django.contrib.auth import get_user_model

    trainee = get_user_model().objects.get(username="trainee@impact.example")
    client.force_login(trainee)
    bari = ParticipatoryPath.objects.get(cohort__territory="bari")
    page = client.get(f"/en/lab/{bari.pk}/problems/").content.decode()
    assert "Appuntamenti all&#x27;anagrafe introvabili" in page
    proposal = Proposal.objects.get(path__cohort__territory="lecce")
    assert proposal.responses.get().author.profile.display_name == "Elena Russo"
    assert client.get("/en/lab/territories/lecce/").status_code == 200
    # The demo framework is aligned with the lab's course: the facilitator can turn a
    # contribution into evidence for "writing a proposal to the administration".
    lecce = proposal.path
    client.force_login(lecce.stages.get(kind="proposals").facilitator)
    page = client.get(f"/en/lab/{lecce.pk}/recognise/").content.decode()
    assert "Writing a proposal to the administration — Proficient" in page
    # …and the demo already shows one: the finished proposal, recognised for its writers.
    from assessments.models import Evidence

    assert "Mediazione linguistica programmata ai servizi sociali di Lecce" in page
    yusuf = get_user_model().objects.get(username="yusuf@impact.example")
    evidence = Evidence.objects.get(user=yusuf, source=f"lab.proposal:{proposal.pk}")
    assert (evidence.competency.idnumber, evidence.level) == ("ISTI-2", 3)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Evidence.objects.filter(source=f"lab.proposal:{proposal.pk}").count() == 2
