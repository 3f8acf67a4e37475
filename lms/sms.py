"""Sending a text message (SMS): one function, swappable backends.

``send_sms(to, body)`` hands a message to the backend named by ``SMS_BACKEND`` (a
dotted path) and returns an :class:`SmsResult`; it never raises for a delivery problem
(the result says ``failed`` and why), so a caller can log every outcome. Backends:

- ``lms.sms.ConsoleBackend`` (development default): writes the message to stdout.
- ``lms.sms.LocmemBackend`` (tests): appends to ``lms.sms.outbox``, like Django's
  ``mail.outbox``.
- ``lms.sms.HttpBackend``: a Twilio-style REST API (``POST {SMS_HTTP_URL}`` with form
  fields ``To``, ``From``, ``Body``, HTTP basic auth ``SMS_HTTP_ACCOUNT`` /
  ``SMS_HTTP_TOKEN``, a JSON answer carrying the message id as ``sid``), with
  ``SMS_HTTP_TIMEOUT`` seconds to answer. Only the standard library is used.

Numbers are E.164 (``+393471234567``): :func:`normalise_phone` reads what people type.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import uuid
from dataclasses import dataclass
from urllib import error as urlerror
from urllib import parse, request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

E164 = re.compile(r"^\+[1-9]\d{7,14}$")

#: Messages "sent" by :class:`LocmemBackend` (tests empty it, like ``mail.outbox``).
outbox: list[SmsMessage] = []


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str
    sender: str = ""


@dataclass(frozen=True)
class SmsResult:
    """What became of one message: ``status`` is ``sent`` or ``failed``."""

    status: str
    provider_id: str = ""
    error: str = ""

    SENT = "sent"
    FAILED = "failed"

    @property
    def ok(self) -> bool:
        return self.status == self.SENT


def tidy_phone(value: str) -> str:
    """``value`` without spaces, dots, dashes, slashes and brackets, a leading ``00``
    read as ``+``: what people type ("0039 333 123 4567") in E.164 form. Not validated."""
    cleaned = re.sub(r"[\s().\-/]", "", value or "")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    return cleaned


def normalise_phone(value: str) -> str:
    """``value`` tidied (:func:`tidy_phone`) as an E.164 number; ``ValidationError``
    when it cannot be one."""
    cleaned = tidy_phone(value)
    if not E164.match(cleaned):
        raise ValidationError(
            _("Write the number with the country code, for example +39 347 123 4567."),
            code="phone",
        )
    return cleaned


def validate_phone(value: str) -> None:
    """Model-field validator: ``value`` must already be E.164."""
    if value and not E164.match(value):
        raise ValidationError(
            _("Write the number with the country code, for example +39 347 123 4567."),
            code="phone",
        )


class BaseBackend:
    def send(self, message: SmsMessage) -> SmsResult:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: the message is printed, nothing leaves the machine."""

    def send(self, message: SmsMessage) -> SmsResult:
        sys.stdout.write(f"SMS to {message.to} from {message.sender}:\n{message.body}\n---\n")
        sys.stdout.flush()
        return SmsResult(SmsResult.SENT, provider_id=f"console-{uuid.uuid4().hex[:12]}")


class LocmemBackend(BaseBackend):
    """Tests: the message is kept in :data:`outbox`."""

    def send(self, message: SmsMessage) -> SmsResult:
        outbox.append(message)
        return SmsResult(SmsResult.SENT, provider_id=f"locmem-{len(outbox)}")


class HttpBackend(BaseBackend):
    """A Twilio-style REST provider (see the module docstring)."""

    def send(self, message: SmsMessage) -> SmsResult:
        url = getattr(settings, "SMS_HTTP_URL", "")
        if not url:
            return SmsResult(SmsResult.FAILED, error="SMS_HTTP_URL is not set")
        data = parse.urlencode({"To": message.to, "From": message.sender, "Body": message.body})
        credentials = (
            f"{getattr(settings, 'SMS_HTTP_ACCOUNT', '')}:{getattr(settings, 'SMS_HTTP_TOKEN', '')}"
        )
        req = request.Request(  # noqa: S310 - the URL is the operator's setting
            url,
            data=data.encode(),
            method="POST",
            headers={
                "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        timeout = float(getattr(settings, "SMS_HTTP_TIMEOUT", 10))
        try:
            with request.urlopen(req, timeout=timeout) as response:  # noqa: S310
                payload = response.read(65536)
        except urlerror.HTTPError as exc:
            detail = _provider_error(exc.read(65536))
            return SmsResult(SmsResult.FAILED, error=f"HTTP {exc.code}{detail}")
        except TimeoutError:
            return SmsResult(SmsResult.FAILED, error=f"no answer within {timeout:g} s")
        except (urlerror.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                return SmsResult(SmsResult.FAILED, error=f"no answer within {timeout:g} s")
            return SmsResult(SmsResult.FAILED, error=f"provider unreachable: {reason}")
        try:
            answer = json.loads(payload or b"{}")
        except ValueError:
            return SmsResult(SmsResult.FAILED, error="the provider's answer is not JSON")
        sid = str(answer.get("sid") or answer.get("id") or "") if isinstance(answer, dict) else ""
        if not sid:
            return SmsResult(SmsResult.FAILED, error="the provider's answer has no message id")
        if str(answer.get("status", "")).lower() in {"failed", "undelivered"}:
            return SmsResult(
                SmsResult.FAILED, provider_id=sid, error=str(answer.get("message", ""))
            )
        return SmsResult(SmsResult.SENT, provider_id=sid)


def _provider_error(body: bytes) -> str:
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return ""
    if isinstance(answer, dict) and answer.get("message"):
        return f": {str(answer['message'])[:200]}"
    return ""


def get_backend() -> BaseBackend:
    return import_string(getattr(settings, "SMS_BACKEND", "lms.sms.ConsoleBackend"))()


def send_sms(to: str, body: str) -> SmsResult:
    """Send ``body`` to the E.164 number ``to`` through ``SMS_BACKEND``.

    Returns the outcome; a number that is not E.164 fails without reaching a provider."""
    if not E164.match(to or ""):
        return SmsResult(SmsResult.FAILED, error="the number is not in E.164 form")
    message = SmsMessage(to=to, body=body, sender=getattr(settings, "SMS_FROM", ""))
    try:
        return get_backend().send(message)
    except Exception as exc:  # noqa: BLE001 - a broken backend is a failed message, logged
        return SmsResult(SmsResult.FAILED, error=f"{type(exc).__name__}: {exc}"[:300])
