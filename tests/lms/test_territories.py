"""``lms.roles.territories_for``: the one rule of coordinator scope (issue 13 item 15)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from courses.selectors import cohorts_visible_to, people_visible_to
from lms.roles import PROGRAMME_COORDINATOR_GROUP, territories_for, territory_group_name
from tests.courses.factories import make_cohort
from tests.factories import CoordinatorFactory, TraineeFactory, TrainerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_who_sees_which_territories():
    assert territories_for(AnonymousUser()) == frozenset()
    assert territories_for(UserFactory(is_superuser=True)) is None
    assert territories_for(CoordinatorFactory()) is None  # programme coordinator
    assert territories_for(CoordinatorFactory(territories=["bari", "lecce"])) == {"bari", "lecce"}
    assert territories_for(CoordinatorFactory(territories=[])) == frozenset()
    assert territories_for(TrainerFactory()) == frozenset()


def test_the_programme_or_a_territory_group_gives_nothing_without_the_coordinator_role():
    trainer = TrainerFactory()
    trainer.groups.add(
        Group.objects.get(name=PROGRAMME_COORDINATOR_GROUP),
        Group.objects.get(name=territory_group_name("bari")),
    )
    assert territories_for(trainer) == frozenset()


def test_cohorts_and_people_of_a_territorial_coordinator():
    bari = make_cohort(name="Bari", territory="bari")
    foggia = make_cohort(name="Foggia", territory="foggia")
    in_bari, in_foggia = TraineeFactory(), TraineeFactory()
    coordinator = CoordinatorFactory(territories=["bari"])
    assert list(cohorts_visible_to(coordinator)) == [bari]
    assert foggia not in cohorts_visible_to(CoordinatorFactory(territories=["lecce"]))
    assert set(cohorts_visible_to(CoordinatorFactory())) >= {bari, foggia}
    in_bari.profile.territory = "bari"
    in_bari.profile.save()
    in_foggia.profile.territory = "foggia"
    in_foggia.profile.save()
    people = set(people_visible_to(coordinator))
    assert in_bari in people and in_foggia not in people and coordinator in people
    assert set(people_visible_to(CoordinatorFactory())) >= {in_bari, in_foggia}
