"""Reporting fields on the profile: told by the person (or recorded by a coordinator),
gender only under the statistics consent, never shown on trainer pages."""

import importlib

import pytest
from django.apps import apps

from lms.accounts.consents import consent_give, consent_withdraw
from lms.accounts.models import Profile
from lms.roles import Role
from tests.courses.factories import make_cohort, make_session
from tests.factories import UserFactory

from .conftest import person

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"


def _profile_post(client, **fields):
    data = {
        "display_name": "Amina Diallo",
        "preferred_language": "en",
        "organisation": "",
        "territory": "lecce",
        "participant_category": "association_leader",
        **fields,
    }
    return client.post(PROFILE, data)


def test_trainee_states_category_and_territory_with_their_purpose(trainee, trainee_client):
    html = trainee_client.get(PROFILE).content.decode()
    assert "Why we ask: local-authority staff have their own role in the lab" in html
    assert "Why we ask: the programme is organised by territory" in html
    assert 'name="gender"' not in html  # no statistics consent: not even asked
    assert "Gender is asked only if you agree" in html
    _profile_post(trainee_client, gender="woman")  # sent by hand: ignored
    profile = Profile.objects.get(user=trainee)
    assert (profile.territory, profile.participant_category, profile.gender) == (
        "lecce",
        "association_leader",
        "",
    )


def test_gender_with_consent_and_erased_when_it_is_withdrawn(trainee, trainee_client):
    consent_give(user=trainee, purpose="statistics", language="en", channel="privacy_page")
    assert 'name="gender"' in trainee_client.get(PROFILE).content.decode()
    _profile_post(trainee_client, gender="self_described", gender_self_described="genderfluid")
    profile = Profile.objects.get(user=trainee)
    assert (profile.gender, profile.gender_self_described) == ("self_described", "genderfluid")
    consent_withdraw(user=trainee, purpose="statistics")
    profile.refresh_from_db()
    assert (profile.gender, profile.gender_self_described) == ("", "")


def test_local_authority_staff_category_is_the_labs_public_official_role(trainee, trainee_client):
    _profile_post(trainee_client, participant_category="local_authority_staff")
    assert Profile.objects.get(user=trainee).is_public_official is True
    _profile_post(trainee_client, participant_category="migrant")
    assert Profile.objects.get(user=trainee).is_public_official is False


def test_existing_public_officials_become_local_authority_staff():
    official = UserFactory()
    Profile.objects.filter(user=official).update(is_public_official=True, participant_category="")
    migration = importlib.import_module("lms.accounts.migrations.0004_profile_reporting_fields")
    migration.officials_to_category(apps, None)
    assert Profile.objects.get(user=official).participant_category == "local_authority_staff"


def test_coordinator_records_the_fields_of_a_person_in_scope(course, coordinator_client):
    cohort = make_cohort(course)
    someone = person(course, cohort, category="")
    url = f"/en/reports/people/{someone.pk}/"
    html = coordinator_client.get(url).content.decode()
    assert 'name="gender"' not in html
    assert "Gender cannot be recorded" in html
    response = coordinator_client.post(
        url, {"territory": "foggia", "participant_category": "local_authority_staff"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=someone)
    assert (profile.territory, profile.participant_category) == ("foggia", "local_authority_staff")
    assert profile.is_public_official
    consent_give(user=someone, purpose="statistics", language="en", channel="coordinator")
    coordinator_client.post(
        url,
        {"territory": "foggia", "participant_category": "migrant", "gender": "prefer_not_to_say"},
    )
    assert Profile.objects.get(user=someone).gender == "prefer_not_to_say"


def test_a_bad_choice_is_refused_and_nothing_saved(course, coordinator_client):
    someone = person(course, make_cohort(course))
    response = coordinator_client.post(
        f"/en/reports/people/{someone.pk}/", {"territory": "milano", "participant_category": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Profile.objects.get(user=someone).territory == "bari"


def test_trainers_pages_do_not_show_category_or_gender(course, client):
    trainer = UserFactory(role=Role.TRAINER)
    cohort = make_cohort(course, trainers=[trainer])
    someone = person(course, cohort, category="association_leader", gender="non_binary")
    session = make_session(cohort, course, days=-1)
    client.force_login(trainer)
    for url in (
        f"/en/learn/cohorts/{cohort.pk}/courses/{course.pk}/",
        f"/en/learn/sessions/{session.pk}/attendance/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert someone.profile.display_name in html, url
        for word in ("Association leader", "Non-binary", "non_binary", "association_leader"):
            assert word not in html, (url, word)
    assert client.get(f"/en/reports/people/{someone.pk}/").status_code == 403
