"""Writes about people: sign-up, profile changes, export and erasure."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from lms import hooks as lms_hooks
from lms.db import allow_erasure
from lms.roles import Role

from .consents import consent_give
from .models import ConsentRecord, Profile
from .names import PSEUDONYM_PREFIX
from .personal_data import account_personal_data, admin_personal_data
from .validators import normalize_phone

User = get_user_model()


@transaction.atomic
def user_signup(
    *,
    email: str,
    password: str | None,
    display_name: str,
    preferred_language: str,
    territory: str,
    organisation: str = "",
    consent_language: str | None = None,
    optional_consents: tuple[str, ...] = (),
    consent_channel: str = ConsentRecord.Channel.SIGNUP,
    role: Role = Role.TRAINEE,
    first_name: str = "",
    last_name: str = "",
    username: str = "",
    phone: str = "",
) -> User:
    """Create a person with a profile, a role group and a consent record.

    The e-mail address is the username (case-insensitively unique). A person without
    one (issue 19: enrolled by a coordinator with only a name or a phone number) gets
    ``username`` or one made from their name (``username_for``) and signs in with a
    login card (``lms.accounts.login_cards``).
    """
    email = User.objects.normalize_email(email or "").lower()
    username = (username or "").strip().lower() or email or username_for(display_name or phone)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    profile = Profile(
        user=user,
        display_name=display_name,
        preferred_language=preferred_language,
        territory=territory,
        organisation=organisation,
        phone=normalize_phone(phone),
    )
    profile.full_clean()
    profile.save()
    user.groups.add(Group.objects.get(name=role))
    if consent_language is not None:
        # Without ``consent_language`` (a CSV enrolment) the account is "pending consent"
        # and the person is asked at their first login (ConsentRequiredMiddleware).
        for purpose in (ConsentRecord.Purpose.DATA_PROCESSING, *optional_consents):
            consent_give(
                user=user, purpose=purpose, language=consent_language, channel=consent_channel
            )
    return user


def username_for(name: str) -> str:
    """A free username made from ``name`` for someone without an e-mail address:
    "amina.diallo", then "amina.diallo2"...; letters of any script are kept (Django's
    usernames allow them), "person" when nothing usable is left."""
    from django.utils.text import slugify

    base = slugify(name, allow_unicode=True).replace("-", ".")[:140].strip(".") or "person"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


@transaction.atomic
def profile_update(*, profile: Profile, **fields) -> Profile:
    """Change a profile's editable fields after validating them."""
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


def user_export_data(*, user) -> dict:
    """Everything the platform holds about ``user``, as a JSON-ready dict.

    Apps add their own sections through the ``PERSONAL_DATA_SECTIONS`` hook
    (``lms.hooks``), so that the export grows with the features without this module
    importing them.
    """
    profile = getattr(user, "profile", None)
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            **account_personal_data(user),
        },
        "profile": None,
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "language": c.language,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                "channel": c.channel,
            }
            for c in user.consents.all()
        ],
    }
    if profile is not None:
        data["profile"] = {
            "display_name": profile.display_name,
            "certificate_given_name": profile.certificate_given_name,
            "certificate_family_name": profile.certificate_family_name,
            "preferred_language": profile.preferred_language,
            "territory": profile.territory,
            "organisation": profile.organisation,
            "participant_category": profile.participant_category,
            "gender": profile.gender,
            "gender_self_described": profile.gender_self_described,
            "is_public_official": profile.is_public_official,
            "show_full_name_publicly": profile.show_full_name_publicly,
            "phone": profile.phone,
            "phone_verified_at": profile.phone_verified_at.isoformat()
            if profile.phone_verified_at
            else None,
            "created_at": profile.created_at.isoformat(),
        }
    data["login_cards"] = [
        {
            "issued_at": card.created_at.isoformat(),
            "expires_at": card.expires_at.isoformat(),
            "used_at": card.used_at.isoformat() if card.used_at else None,
            "revoked_at": card.revoked_at.isoformat() if card.revoked_at else None,
        }
        for card in user.login_cards.all()
    ]
    data["login_cards_issued"] = [
        {"person": card.user.get_username(), "issued_at": card.created_at.isoformat()}
        for card in user.login_cards_issued.select_related("user")
    ]
    data["admin"] = admin_personal_data(user)
    data.update(lms_hooks.personal_data_sections(user))
    return data


@transaction.atomic
def user_erase(*, user) -> None:
    """Erase a person: their identity and personal content; keep, pseudonymised, the
    records the law requires (GDPR Art. 17(3)(b)).

    * Records the funder audits stay countable per person under a pseudonymous account
      with no name, e-mail or password (``ERASURE_RECORDS_KEPT``): their consent records
      (here), attendance registers, certificates (re-rendered under the pseudonym).
    * What they wrote in shared records (lab comments, problem texts, saved versions) is
      blanked field by field (``ERASURE_PERSONAL_CONTENT``); everything else of theirs
      (journal entries, attempts, evidence, claims with their files) cascades with the
      account.
    """
    allow_erasure()  # append-only tables (competency evidence) allow deletes only now
    pseudonym = User.objects.create(
        username=f"{PSEUDONYM_PREFIX}{secrets.token_hex(6)}",
        is_active=False,
        password=make_password(None),
    )
    kept = ConsentRecord.objects.filter(user=user).update(user=pseudonym)
    kept += lms_hooks.erasure_records_kept(user, pseudonym)
    if not kept:
        pseudonym.delete()
    lms_hooks.erasure_personal_content(user)
    user.delete()


def accounts_reachable_by(coordinator):
    """The accounts a coordinator may act on for sign-in matters (unlocking after
    wrong passwords, resetting a second factor): every account for a programme
    coordinator or a superuser; for a coordinator of some territories, the people whose
    profile names one of them, the trainees of their cohorts and those cohorts'
    trainers (``lms.roles.territories_for``, the one rule of coordinator scope)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from lms.roles import territories_for

    people = get_user_model().objects.all()
    allowed = territories_for(coordinator)
    if allowed is None:
        return people
    codes = sorted(allowed)
    return people.filter(
        Q(pk=coordinator.pk)
        | Q(profile__territory__in=codes)
        | Q(enrollments__cohort__territory__in=codes)
        | Q(trained_cohorts__territory__in=codes)
    ).distinct()
