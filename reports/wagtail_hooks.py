"""Admin wiring for the funder reports: a menu item for coordinators."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.menu import RoleMenuItem
from lms.roles import Role


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return RoleMenuItem(
        _("Funder reports"),
        reverse("reports:report"),
        icon_name="table",
        order=850,
        roles=(Role.COORDINATOR,),
    )
