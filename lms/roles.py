"""The three signed-in roles and how to ask about them.

Roles are Django groups (created by ``accounts`` migration 0002) so that Wagtail's
own permission screens manage them. A user may hold several roles; a superuser
counts as every role. ``role_required`` is the one access guard of the views (its
docstring holds the site's rule for 403 and 404); the data migrations grant the
groups their permissions through ``grant_model_permissions``.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    TRAINER = "trainer", _("Trainer")
    COORDINATOR = "coordinator", _("Coordinator")


# Roles that work in the Wagtail admin.
STAFF_ROLES = frozenset({Role.TRAINER, Role.COORDINATOR})


# Coordinators are scoped by territory (issue 13 item 15). Both are plain groups, so
# that Wagtail's user screens (superusers) manage them: "territory: bari" gives a
# coordinator the Bari cohorts and people; "programme coordinator" gives every territory.
PROGRAMME_COORDINATOR_GROUP = "programme coordinator"
TERRITORY_GROUP_PREFIX = "territory: "


def territory_group_name(territory: str) -> str:
    """The group that makes a coordinator coordinate ``territory`` (a ``Territory`` code)."""
    return f"{TERRITORY_GROUP_PREFIX}{territory}"


def _group_names(user) -> frozenset[str]:
    """Names of every group ``user`` belongs to: on the user object for the request,
    in the cache between requests (``lms.caching``: forgotten when their groups change)."""
    cached = getattr(user, "_group_names", None)
    if cached is None:
        from lms.caching import group_names

        cached = group_names(user)
        user._group_names = cached
    return cached


def role_names(user) -> set[str]:
    """Names of the role groups ``user`` belongs to (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    return set(_group_names(user) & set(Role.values))


def has_role(user, role: Role) -> bool:
    """True if ``user`` holds ``role`` (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or role in role_names(user)


def is_trainer(user) -> bool:
    return has_role(user, Role.TRAINER)


def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def is_programme_coordinator(user) -> bool:
    """A coordinator of the whole programme (every territory), or a superuser."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or (
        is_coordinator(user) and PROGRAMME_COORDINATOR_GROUP in _group_names(user)
    )


def territories_for(user) -> frozenset[str] | None:
    """The territories whose cohorts, people and records ``user`` coordinates.

    The one rule of coordinator scope, for the site and the admin alike:

    - ``None``: every territory (superusers and programme coordinators);
    - a coordinator: the territories of their ``territory: <code>`` groups (none at
      all if they have no such group: they then see only what they train);
    - anyone else: the empty set (trainers are scoped by the cohorts they train).

    Querysets use it through ``territory_scope`` (or the selectors built on it, such
    as ``courses.selectors.cohorts_visible_to`` and ``people_visible_to``).
    """
    if not user.is_authenticated:
        return frozenset()
    if is_programme_coordinator(user):
        return None
    if not is_coordinator(user):
        return frozenset()
    return frozenset(
        name.removeprefix(TERRITORY_GROUP_PREFIX)
        for name in _group_names(user)
        if name.startswith(TERRITORY_GROUP_PREFIX)
    )


def territory_scope(user, lookup: str) -> models.Q | None:
    """A filter on ``lookup`` (a path to a territory code, such as ``"territory"`` or
    ``"cohort__territory"``) keeping the rows of ``user``'s territories; ``None`` when
    ``user`` sees every territory (so that callers never OR an empty ``Q()``, which
    Django drops)."""
    territories = territories_for(user)
    if territories is None:
        return None
    return models.Q(**{f"{lookup}__in": sorted(territories)})


def is_staff_role(user) -> bool:
    """Trainers, coordinators and superusers: the people who use the admin."""
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & STAFF_ROLES))


def holds(user, *, roles=(), permission: str | None = None) -> bool:
    """True if ``user`` holds one of ``roles`` (or, given ``permission``, that Django
    permission): what the access guard and the role-based admin menu items ask."""
    if permission is not None:
        return user.has_perm(permission)
    return any(has_role(user, role) for role in roles)


def role_required(*roles: Role, permission: str | None = None, hide: bool = False):
    """View decorator: the one access guard for pages that are for a role.

    The rule for 403 and 404, everywhere on the site:

    1. Not signed in: the login page, which brings the person back (``next``).
    2. Signed in without the role (or ``permission``) the page is for: 403. The page
       is for a kind of person, and "this is not for you" tells nothing about
       anyone's data.
    3. With the role, asking for an object outside your scope (a cohort you do not
       train, another trainer's learner, a lab path you are not in, a certificate
       that is not yours): 404, so that the existence of what you may not see does
       not leak. Views get this by looking the object up among those the person may
       see (``get_object_or_404`` on a scoped selector); a role held within one
       object (a path's facilitator) is checked after it, with 403 as in rule 2.
    4. ``hide=True`` for an area whose addresses must not be confirmed to anyone
       outside it — certificate issuing and management, whose pages sit beside the
       public check by code: everyone without the role gets the 404 of an unknown
       address, exactly as for a code that does not exist.
    """

    def decorator(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not holds(request.user, roles=roles, permission=permission):
                raise Http404 if hide else PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorator


def staff_required(view):
    """``role_required`` for trainers and coordinators (the people who use the admin)."""
    return role_required(*STAFF_ROLES)(view)


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
