"""The demo: one path per territory at a different stage, loadable twice."""

import pytest

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
