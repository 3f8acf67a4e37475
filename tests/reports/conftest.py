import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from courses.models import AttendanceEntry
from courses.services import enrollment_create
from lms.accounts.consents import consent_give
from lms.accounts.models import Profile
from lms.roles import Role
from tests.courses.factories import make_catalog, make_course
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def course(home_page):
    return make_course(make_catalog(home_page), languages=("it", "en"))


def person(course, cohort, *, territory="bari", category="migrant", gender="", consent=True):
    user = UserFactory(role=Role.TRAINEE, profile__territory=territory)
    if consent and gender:
        consent_give(user=user, purpose="statistics", language="en", channel="signup")
    profile = Profile.objects.get(user=user)
    profile.participant_category = category
    profile.gender = gender
    profile.save()
    enrollment_create(user=user, course=course, cohort=cohort)
    return user


def present(session, users, *, hours=None):
    for user in users:
        AttendanceEntry.objects.create(
            session=session,
            user=user,
            status="present",
            hours=Decimal(hours) if hours is not None else None,
        )


@pytest.fixture
def period():
    today = timezone.localdate()
    return today - dt.timedelta(days=30), today
