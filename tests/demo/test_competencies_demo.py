"""The demo framework on top of the courses demo, as ``load_demo`` loads them."""

import pytest

from assessments.models import Evidence, EvidenceKind

pytestmark = pytest.mark.django_db


def test_demo_follows_the_courses_demo_cohorts(demo):
    """With the courses demo loaded, its cohort members get the evidence, observed by
    their own cohort's trainer, and the demo courses are aligned."""
    from assessments.models import CompetencyAlignment
    from courses.models import Enrollment

    observation = Evidence.objects.filter(kind=EvidenceKind.OBSERVATION).first()
    cohort = Enrollment.objects.filter(user=observation.user, cohort__isnull=False).first().cohort
    assert observation.recorded_by in cohort.trainers.all()
    assert CompetencyAlignment.objects.filter(page__slug="percorso-peer-coach").count() == 4
