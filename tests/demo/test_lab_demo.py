"""The lab demo on top of the whole demo, as ``load_demo`` wires it."""

import pytest
from django.core.management import call_command

from courses.lab import demo as lab_demo
from courses.lab.models import ParticipatoryPath, Proposal

pytestmark = pytest.mark.django_db


def test_the_lab_demo_runs_after_the_whole_demo(demo, client, locales):
    """As the lead will wire it: load_demo (content, courses, …) then the lab demo."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    lab_demo.load()
    lab_demo.load()
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
