"""Admin wiring for accounts: the coordinators' page of locked sign-ins, the staff's
two-step sign-in (their own, and the coordinators' reset), and the audit-log action a
reset records."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.menu import RoleMenuItem
from lms.roles import STAFF_ROLES, Role


@hooks.register("register_admin_menu_item")
def register_unlock_menu_item():
    return RoleMenuItem(
        _("Locked sign-ins"),
        reverse("accounts:unlock"),
        icon_name="lock-open",
        order=900,
        roles=(Role.COORDINATOR,),
    )


@hooks.register("register_admin_menu_item")
def register_login_cards_menu_item():
    return RoleMenuItem(
        _("Login cards"),
        reverse("accounts:cards"),
        icon_name="user",
        order=905,
        roles=(Role.COORDINATOR,),
    )


@hooks.register("register_admin_menu_item")
def register_two_factor_menu_item():
    return RoleMenuItem(
        _("My two-step sign-in"),
        reverse("accounts:two_factor"),
        icon_name="key",
        order=910,
        roles=tuple(STAFF_ROLES),
    )


@hooks.register("register_admin_menu_item")
def register_two_factor_reset_menu_item():
    return RoleMenuItem(
        _("Two-step sign-in of the staff"),
        reverse("accounts:two_factor_reset"),
        icon_name="lock",
        order=920,
        roles=(Role.COORDINATOR,),
    )


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        "lms.two_factor_reset",
        _("Reset two-step sign-in"),
        _("Two-step sign-in reset: a new authenticator app is needed at the next login"),
    )
