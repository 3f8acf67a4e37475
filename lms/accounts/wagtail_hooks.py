"""Admin wiring for accounts: the coordinators' page of locked sign-ins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.menu import RoleMenuItem
from lms.roles import Role


@hooks.register("register_admin_menu_item")
def register_unlock_menu_item():
    return RoleMenuItem(
        _("Locked sign-ins"),
        reverse("accounts:unlock"),
        icon_name="lock-open",
        order=900,
        roles=(Role.COORDINATOR,),
    )
