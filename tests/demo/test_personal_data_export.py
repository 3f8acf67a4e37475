"""Issue 13, item 7: every demo person's export shows every place they have rows (the
demo trainer has rows in many places: cohorts, sessions, register lines, evidence,
claim decisions…)."""

import pytest
from django.contrib.auth import get_user_model

from lms.accounts.services import user_export_data
from tests.lms.test_personal_data_coverage import COVERED, user_links

pytestmark = pytest.mark.django_db


def _rows(link: str, user) -> int:
    from django.apps import apps

    label, field = link.rsplit(".", 1)
    return apps.get_model(label).objects.filter(**{field: user}).count()


def test_every_demo_persons_export_covers_every_place_they_have_rows(demo):
    people = get_user_model().objects.filter(email__endswith="@impact.example")
    trainer = people.get(email="trainer@impact.example")
    checked = {}
    for person in people:
        data = user_export_data(user=person)
        places = [link for link in sorted(user_links()) if link in COVERED and _rows(link, person)]
        checked[person.email] = places
        for link in places:
            value = data
            for key in COVERED[link]:
                value = value[key]
            assert value, f"{person.email} has rows in {link}, the export shows none"
    # The trainer's own places (the issue counted them): cohorts, sessions, evidence…
    assert len(checked[trainer.email]) >= 7, checked[trainer.email]
    assert {"courses.Cohort.trainers", "assessments.Evidence.recorded_by"} <= set(
        checked[trainer.email]
    )
