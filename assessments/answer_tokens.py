"""Opaque, per-attempt names for the choices of a question form.

The keys of a question's answers are stable across attempts and follow the author's
order (``a``, ``b``, ``c``…), and a matching stem and its right answer share a key: a
form that showed them would tell a trainee the answer (choose, for each dropdown, the
option whose value matches the dropdown's name; order the items alphabetically by
value). Forms therefore show tokens instead: an HMAC of the attempt, the question's
position, the role of the value (option, stem, target, item) and the key, under the
site's secret. They differ per attempt and per role, carry nothing a trainee can
compute the key from, and map back to the key only on the server.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

ROLES = ("option", "stem", "target", "item")


class KeyMask:
    """Tokens for one question of one attempt (``token``) and the way back (``key``)."""

    def __init__(self, attempt_id: int, started_at, position: int):
        self._seed = f"{attempt_id}:{started_at.isoformat() if started_at else ''}:{position}"
        self._back: dict[tuple[str, str], str] = {}

    def token(self, role: str, key: str) -> str:
        value = salted_hmac(
            "assessments.answer-tokens", f"{self._seed}:{role}:{key}", algorithm="sha256"
        ).hexdigest()[:16]
        token = f"k{value}"
        self._back[(role, token)] = key
        return token

    def key(self, role: str, token: str, keys) -> str | None:
        """The key among ``keys`` whose token for ``role`` is ``token`` (else ``None``)."""
        if (role, token) not in self._back:
            for key in keys:
                self.token(role, key)
        return self._back.get((role, token))


class IdentityMask:
    """No masking: for code and tests that work with the keys themselves."""

    def token(self, role: str, key: str) -> str:
        return key

    def key(self, role: str, token: str, keys) -> str | None:
        return token if token in set(keys) else None


def mask_for(response) -> KeyMask:
    attempt = response.attempt
    return KeyMask(attempt.pk, attempt.started_at, response.position)
