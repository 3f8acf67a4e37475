"""Wagtail's user forms, told which roles the form gives, so that the staff password
length (``validators.StaffMinimumLengthValidator``) applies when a coordinator creates a
trainer or makes someone a trainer, not only to accounts already on the staff."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from lms.roles import STAFF_ROLES


class _StaffAwarePassword:
    def validate_password(self):
        groups = self.cleaned_data.get("groups")
        superuser = self.cleaned_data.get("is_superuser", self.instance.is_superuser)
        if groups is not None or "is_superuser" in self.cleaned_data:
            names = {group.name for group in groups} if groups is not None else set()
            self.instance._pending_staff = bool(superuser) or bool(names & STAFF_ROLES)
        try:
            super().validate_password()
        finally:
            self.instance.__dict__.pop("_pending_staff", None)


class StaffAwareUserCreationForm(_StaffAwarePassword, UserCreationForm):
    pass


class StaffAwareUserEditForm(_StaffAwarePassword, UserEditForm):
    pass


class StaffAwareUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return StaffAwareUserEditForm if for_update else StaffAwareUserCreationForm
