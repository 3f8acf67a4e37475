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
