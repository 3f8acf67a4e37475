"""The three signed-in roles and how to ask about them.

Roles are Django groups (created by ``accounts`` migration 0002) so that Wagtail's
own permission screens manage them. A user may hold several roles; a superuser
counts as every role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    TRAINER = "trainer", _("Trainer")
    COORDINATOR = "coordinator", _("Coordinator")


# Roles that work in the Wagtail admin.
STAFF_ROLES = frozenset({Role.TRAINER, Role.COORDINATOR})


def role_names(user) -> set[str]:
    """Names of the role groups ``user`` belongs to (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: Role) -> bool:
    """True if ``user`` holds ``role`` (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or role in role_names(user)


def is_trainer(user) -> bool:
    return has_role(user, Role.TRAINER)


def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def is_staff_role(user) -> bool:
    """Trainers, coordinators and superusers: the people who use the admin."""
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & STAFF_ROLES))
