"""Printed QR login cards: signing in without an e-mail address (issue 19, item 3).

A coordinator prints a card for a person (``login_card_issue``); the card's QR code
opens ``/accounts/card/<secret>/``, whose button signs the person in once
(``LoginCardBackend``) and then ``PasswordRequiredMiddleware`` lets them do nothing
but choose a password (or log out) until they have one. The secret is 256 random bits;
only its SHA-256 digest is stored, so a database copy cannot sign anyone in. A card is
single-use, expires after ``LOGIN_CARD_VALID_DAYS`` and can be revoked; issuing a new
card revokes the earlier live ones, which is also how a coordinator resets a password.

Other one-time ways to sign in (an SMS code, later) plug in the same way: an auth
backend that redeems its own secret, then ``one_time_sign_in(request, user, backend)``,
which logs in and marks the session as owing a password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.backends import BaseBackend
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.roles import is_staff_role

from .models import LoginCard

#: The session key that holds a person to the "choose a password" page.
PASSWORD_REQUIRED_SESSION_KEY = "lms_password_required"  # noqa: S105 — a session key


class LoginCardError(Exception):
    """A card that cannot sign anyone in, with the reason a person reads."""

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


#: Why a card does not work, as the person holding it reads it (plain language).
REFUSALS = {
    "unknown": _("This login card is not valid. Ask your coordinator for a new card."),
    "used": _(
        "This login card was already used. Sign in with your password, "
        "or ask your coordinator for a new card."
    ),
    "expired": _("This login card has expired. Ask your coordinator for a new card."),
    "revoked": _("This login card was cancelled. Ask your coordinator for a new card."),
    "inactive": _("This account cannot sign in. Ask your coordinator."),
}


def token_digest(token: str) -> str:
    """The stored form of a card's secret (SHA-256: the secret is random, not a password)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class IssuedCard:
    card: LoginCard
    #: The secret, only in memory: printed on the card, never stored.
    token: str

    @property
    def path(self) -> str:
        return card_path(self.token, self.card.user)


def card_path(token: str, user) -> str:
    """The card's address in the holder's preferred language."""
    from django.utils import translation

    language = getattr(getattr(user, "profile", None), "preferred_language", None)
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse("accounts:card", kwargs={"token": token})


@transaction.atomic
def login_card_issue(*, user, issued_by=None) -> IssuedCard:
    """Make a new login card for ``user`` (revoking their earlier live cards).

    Staff accounts are refused: they sign in with a password and a second factor.
    """
    if is_staff_role(user) or user.is_superuser:
        raise LoginCardError("staff", _("Login cards are for trainees only."))
    if not user.is_active:
        raise LoginCardError("inactive", REFUSALS["inactive"])
    now = timezone.now()
    LoginCard.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    card = LoginCard.objects.create(
        user=user,
        token_digest=token_digest(token),
        issued_by=issued_by,
        expires_at=now + timedelta(days=settings.LOGIN_CARD_VALID_DAYS),
    )
    return IssuedCard(card=card, token=token)


@transaction.atomic
def login_card_revoke(*, card: LoginCard) -> bool:
    """Revoke ``card`` if it can still be used; False if it was used, expired or revoked."""
    card = LoginCard.objects.select_for_update().get(pk=card.pk)
    if card.status != LoginCard.Status.LIVE:
        return False
    card.revoked_at = timezone.now()
    card.save(update_fields=["revoked_at"])
    return True


def login_card_check(*, token: str) -> LoginCard:
    """The live card behind ``token`` (nothing written); ``LoginCardError`` otherwise."""
    card = LoginCard.objects.select_related("user").filter(token_digest=token_digest(token)).first()
    if card is None:
        raise LoginCardError("unknown", REFUSALS["unknown"])
    status = card.status
    if status != LoginCard.Status.LIVE:
        raise LoginCardError(status, REFUSALS[status])
    if not card.user.is_active:
        raise LoginCardError("inactive", REFUSALS["inactive"])
    return card


@transaction.atomic
def login_card_redeem(*, token: str):
    """Use the card behind ``token`` once: the person it signs in.

    The row is locked, so two simultaneous scans sign in once; raises ``LoginCardError``
    (unknown, used, expired, revoked, inactive) otherwise.
    """
    card = login_card_check(token=token)
    card = LoginCard.objects.select_for_update().get(pk=card.pk)
    if card.status != LoginCard.Status.LIVE:
        raise LoginCardError(card.status, REFUSALS[card.status])
    card.used_at = timezone.now()
    card.save(update_fields=["used_at"])
    return card.user


class LoginCardBackend(BaseBackend):
    """Authenticates ``login_card_token=...`` (nothing else): the card's person, once."""

    def authenticate(self, request, login_card_token=None, **kwargs):
        if not login_card_token:
            return None
        try:
            return login_card_redeem(token=login_card_token)
        except LoginCardError as error:
            if request is not None:
                request.login_card_error = error
            return None

    def get_user(self, user_id):
        from lms.caching import signed_in_user

        return signed_in_user(user_id)


def one_time_sign_in(request, user, *, backend: str) -> None:
    """Log ``user`` in after a one-time secret and hold the session to "choose a password"."""
    login(request, user, backend=backend)
    request.session[PASSWORD_REQUIRED_SESSION_KEY] = True


def password_chosen(request) -> None:
    """The person has a password now: let the session go anywhere."""
    request.session.pop(PASSWORD_REQUIRED_SESSION_KEY, None)


class PasswordRequiredMiddleware:
    """A session signed in by a login card reaches only "choose a password", logging out,
    the privacy notice, the language switch and static files until a password is set."""

    OPEN_VIEWS = frozenset(
        {
            "accounts:card_password",
            "accounts:logout",
            "accounts:privacy",
            "set_language",
            "javascript-catalog",
            "healthz",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(PASSWORD_REQUIRED_SESSION_KEY)
            and request.user.is_authenticated
            and not self._open(request)
        ):
            return redirect("accounts:card_password")
        return self.get_response(request)

    def _open(self, request) -> bool:
        path = request.path_info
        prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)
        if path.startswith(prefixes):
            return True
        try:
            return resolve(path).view_name in self.OPEN_VIEWS
        except Resolver404:
            return False
