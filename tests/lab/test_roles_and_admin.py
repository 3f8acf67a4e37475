"""Roles around the lab: coordinators, officials, the admin and the personal-data export."""

import pytest
from django.urls import reverse

from courses.lab import services
from courses.lab.access import access_for
from courses.lab.models import StageKind
from courses.lab.personal_data import lab_personal_data

from .factories import make_problem

pytestmark = pytest.mark.django_db


def test_roles_in_a_path(lab_path, participant, official, facilitator, coordinator, outsider):
    assert access_for(participant, lab_path).is_participant
    assert not access_for(participant, lab_path).can_respond
    assert access_for(official, lab_path).can_respond
    assert access_for(facilitator, lab_path).can_moderate
    assert access_for(coordinator, lab_path).can_record_follow_up
    assert not access_for(outsider, lab_path).can_view


def test_a_stage_facilitator_who_is_not_a_cohort_trainer_moderates(lab_path):
    from tests.factories import TrainerFactory

    guest = TrainerFactory()
    stage = lab_path.stages.get(kind=StageKind.PROBLEMS)
    stage.facilitator = guest
    stage.save()
    assert access_for(guest, lab_path).can_moderate


def test_coordinator_sees_every_path(client, lab_path, coordinator):
    client.force_login(coordinator)
    assert lab_path.title in client.get(reverse("courses:lab:index")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, lab_path):
    response = client.get(reverse("courses:lab:path", args=[lab_path.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_coordinator_manages_paths_with_stages_in_the_admin(client, lab_path, coordinator):
    client.force_login(coordinator)
    listing = client.get("/admin/participatorypath/")
    assert listing.status_code == 200 and lab_path.title in listing.content.decode()
    edit = client.get(f"/admin/participatorypath/edit/{lab_path.pk}/")
    assert edit.status_code == 200
    assert 'id="id_stages-TOTAL_FORMS"' in edit.content.decode()
    assert client.get("/admin/labgroup/").status_code == 200


def test_trainees_cannot_open_the_lab_admin(client, participant):
    client.force_login(participant)
    assert client.get("/admin/participatorypath/").status_code in (302, 403)


def test_personal_data_export_has_what_i_wrote(lab_path, participant, problems_open):
    problem = make_problem(lab_path, participant, title="Casa")
    services.vote_cast(problem=problem, user=participant)
    data = lab_personal_data(participant)
    assert data["problems"][0]["title"] == "Casa"
    assert data["votes"] == ["Casa"]
