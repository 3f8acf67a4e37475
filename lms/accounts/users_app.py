"""Wagtail's users app with the project's user viewset (``admin_users``)."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "lms.accounts.admin_users.StaffAwareUserViewSet"
