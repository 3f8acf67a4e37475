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


# One rule for phone numbers (E.164), kept in ``lms.sms``.
from lms.sms import E164, validate_phone  # noqa: E402,F401
from lms.sms import tidy_phone as normalize_phone  # noqa: E402,F401
