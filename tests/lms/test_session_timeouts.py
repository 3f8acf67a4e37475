"""Staff sessions end after 8 idle hours, trainees' after 30 days (item 12)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _expiry(client) -> datetime.timedelta:
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    return session.expire_date - timezone.now()


def test_a_staff_session_ends_after_eight_idle_hours(client, trainer, home_page):
    client.force_login(trainer)
    client.get("/en/dashboard/")
    assert datetime.timedelta(hours=7, minutes=59) < _expiry(client) <= datetime.timedelta(hours=8)


def test_a_trainee_session_lasts_thirty_days(client, trainee, home_page):
    client.force_login(trainee)
    client.get("/en/dashboard/")
    assert _expiry(client) > datetime.timedelta(days=29)
