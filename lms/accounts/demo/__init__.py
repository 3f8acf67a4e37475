"""Demo people, listed once in ``people.toml``; every app's demo names them by key."""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from lms.roles import PROGRAMME_COORDINATOR_GROUP, Role, territory_group_name

from ..services import user_signup

User = get_user_model()

DATA = tomllib.loads((Path(__file__).parent / "people.toml").read_text(encoding="utf-8"))
DEMO_PASSWORD = DATA["password"]
PEOPLE = DATA["people"]


def person(key: str):
    """The demo person ``key``, signed up (with consent) the first time it is asked for."""
    data = PEOPLE[key]
    user = User.objects.filter(username=data["email"]).first()
    if user is None:
        first, _sep, last = data["name"].partition(" ")
        user = user_signup(
            email=data["email"],
            password=DEMO_PASSWORD,
            display_name=data["name"],
            preferred_language=data["language"],
            territory=data["territory"],
            organisation=data.get("organisation", ""),
            role=Role(data["role"]),
            consent_language=data["language"],
            first_name=first,
            last_name=last,
        )
        # The name certificates print, as each demo person would write it.
        user.profile.certificate_given_name = data.get("given_name", first)
        user.profile.certificate_family_name = data.get("family_name", last)
        user.profile.save(update_fields=["certificate_given_name", "certificate_family_name"])
        if data.get("public_official"):
            user.profile.participant_category = "local_authority_staff"
            user.profile.save(update_fields=["participant_category"])
    scope = [territory_group_name(code) for code in data.get("coordinates", [])]
    if data.get("programme"):
        scope.append(PROGRAMME_COORDINATOR_GROUP)
    if scope:  # idempotent: a demo loaded before the groups existed gets them too
        user.groups.add(*Group.objects.filter(name__in=scope))
    return user


def people(keys) -> list:
    """``person(key)`` for each key, in order."""
    return [person(key) for key in keys]


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create the login per role and the superuser once; return (role, email) pairs."""
    logins = [(PEOPLE[key]["role"], person(key).username) for key in DATA["logins"]]
    logins += [
        (f"{PEOPLE[key]['role']} ({', '.join(PEOPLE[key]['coordinates'])})", person(key).username)
        for key in DATA["territory_coordinators"]
    ]
    admin = DATA["superuser"]
    if not User.objects.filter(username=admin).exists():
        User.objects.create_superuser(admin, admin, DEMO_PASSWORD)
    logins.append(("superuser", admin))
    return logins
