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


def _site_login(client, user, **extra):
    from tests.factories import PASSWORD

    response = client.post(
        "/en/accounts/login/", {"username": user.email, "password": PASSWORD, **extra}
    )
    assert response.status_code == 302
    return client.cookies["sessionid"]


def test_a_trainee_who_ticks_remember_me_stays_signed_in_thirty_days(client, trainee):
    cookie = _site_login(client, trainee, remember="on")
    assert int(cookie["max-age"]) == 30 * 24 * 60 * 60
    assert _expiry(client) > datetime.timedelta(days=29)


def test_without_remember_me_a_trainee_is_signed_in_until_the_browser_closes(client, trainee):
    cookie = _site_login(client, trainee)
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()


def test_remember_me_does_not_lengthen_a_staff_session(client, coordinator, home_page):
    _site_login(client, coordinator, remember="on")
    client.get("/en/dashboard/")
    assert _expiry(client) <= datetime.timedelta(hours=8)


def test_the_site_login_offers_remember_me(client, db):
    html = client.get("/en/accounts/login/").content.decode()
    assert 'name="remember"' in html and "Keep me signed in on this device" in html
