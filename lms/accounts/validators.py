"""Password rules beyond Django's: staff passwords are longer."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.roles import is_staff_role


class StaffMinimumLengthValidator:
    """Trainers, coordinators and superusers (who see other people's data) need at
    least ``min_length`` characters; everyone else keeps Django's minimum."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password, user=None):
        if user is None:
            return
        # Set by the admin's user forms to the roles the form is about to give.
        pending = getattr(user, "_pending_staff", None)
        if pending is None and user.pk is None:
            return
        staff = (
            pending
            if pending is not None
            else (user.is_superuser or user.is_staff or is_staff_role(user))
        ) or (user.pk is not None and is_staff_role(user))
        if staff and len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Staff passwords need at least %(min_length)d character.",
                    "Staff passwords need at least %(min_length)d characters.",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="password_too_short_for_staff",
            )

    def get_help_text(self):
        return _("Trainers and coordinators: at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }


#: A phone number in international form (E.164): "+", country code, at most 15 digits.
E164 = r"^\+[1-9]\d{6,14}$"


def normalize_phone(value: str) -> str:
    """``value`` without spaces, dots, dashes and brackets, "00" read as "+": what
    people type ("0039 333 123 4567") becomes E.164 ("+393331234567"). Not validated."""
    import re

    digits = re.sub(r"[\s.\-()/]", "", value or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    """Refuse anything that is not a phone number in international form."""
    import re

    if value and not re.match(E164, value):
        raise ValidationError(
            _("Write the phone number with its country code, like +39 333 123 4567."),
            code="invalid_phone",
        )
