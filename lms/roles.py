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


# --- Data migrations -------------------------------------------------------------------
#
# Each app's "role permissions" migration grants its models' permissions to the role
# groups through these two functions. They work on the historical models in ``apps``
# and import nothing from the apps, so the migrations stay importable on their own;
# migrations that ran depend on what they do, so it must not change.


def grant_model_permissions(apps, app_label: str, permissions: dict) -> None:
    """Give each role group its permissions on ``app_label``'s models.

    ``permissions`` maps a group name to {model name: [action, …]}, an action being
    add, change, delete or view. Groups, content types and permissions are created
    when missing (a fresh database may not have them yet).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, models_actions in permissions.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for model, actions in models_actions.items():
            content_type, _created = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
            for action in actions:
                permission, _created = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


def revoke_model_permissions(apps, app_label: str, permissions: dict, *, listed_only=False):
    """Undo ``grant_model_permissions``: the groups named in ``permissions`` lose every
    permission on ``app_label``'s models (or, with ``listed_only``, on the models
    listed there only)."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    revoked = Permission.objects.filter(content_type__app_label=app_label)
    if listed_only:
        models = {model for models_actions in permissions.values() for model in models_actions}
        revoked = revoked.filter(content_type__model__in=models)
    for group in Group.objects.filter(name__in=permissions):
        group.permissions.remove(*revoked)
