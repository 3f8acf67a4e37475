"""Staff passwords need 12 characters; trainees keep Django's minimum (item 12)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("person", ["trainer", "coordinator"])
def test_staff_need_twelve_characters(request, person):
    user = request.getfixturevalue(person)
    with pytest.raises(ValidationError, match="Staff passwords need at least 12 characters."):
        validate_password("tulip-maze7", user=user)  # 11 characters
    validate_password("tulip-maze77", user=user)


def test_trainees_keep_the_ordinary_minimum(trainee):
    validate_password("tulip-maze7", user=trainee)


def test_the_password_change_form_says_so(trainer):
    from django.contrib.auth.forms import SetPasswordForm

    form = SetPasswordForm(
        trainer, {"new_password1": "tulip-maze7", "new_password2": "tulip-maze7"}
    )
    assert not form.is_valid()
    assert "Staff passwords need at least 12 characters." in str(form.errors)


def _add_user(client, groups, password):
    from django.contrib.auth.models import Group

    data = {
        "username": "new.person@example.org",
        "email": "new.person@example.org",
        "first_name": "New",
        "last_name": "Person",
        "password1": password,
        "password2": password,
        "groups": [Group.objects.get(name=name).pk for name in groups],
    }
    return client.post("/admin/users/new/", data)


@pytest.mark.parametrize("groups", [["trainer"], ["coordinator"]])
def test_creating_a_staff_account_in_the_admin_needs_twelve_characters(client, groups):
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    refused = _add_user(client, groups, "tulip-maze7")
    with translation.override(refused["Content-Language"]):  # the admin speaks Italian
        message = translation.ngettext(
            "Staff passwords need at least %(min_length)d character.",
            "Staff passwords need at least %(min_length)d characters.",
            12,
        ) % {"min_length": 12}
    assert refused.status_code == 200
    assert message in refused.content.decode().replace("&#x27;", "'")
    assert not get_user_model().objects.filter(username="new.person@example.org").exists()
    assert _add_user(client, groups, "tulip-maze77").status_code == 302


def test_creating_a_trainee_in_the_admin_keeps_the_ordinary_minimum(client):
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert _add_user(client, ["trainee"], "tulip-maze7").status_code == 302
    assert get_user_model().objects.filter(username="new.person@example.org").exists()
