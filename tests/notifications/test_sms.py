"""lms.sms: one ``send_sms(to, body)`` whatever the backend; the HTTP adapter against a
local fake provider, its failures and timeouts included."""

import time

import pytest
from django.core.exceptions import ValidationError

from lms import sms


def test_locmem_keeps_the_message_in_an_outbox():
    result = sms.send_sms("+393471234567", "Ciao")
    assert result.ok and result.provider_id
    assert [(m.to, m.body) for m in sms.outbox] == [("+393471234567", "Ciao")]


def test_console_prints_the_message(settings, capsys):
    settings.SMS_BACKEND = "lms.sms.ConsoleBackend"
    result = sms.send_sms("+393471234567", "Ciao Amina")
    assert result.status == "sent"
    assert "+393471234567" in capsys.readouterr().out


def test_a_number_not_in_e164_never_reaches_a_backend():
    result = sms.send_sms("347 123", "Ciao")
    assert result.status == "failed" and "E.164" in result.error
    assert sms.outbox == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+39 347 123 4567", "+393471234567"), ("0039-347-1234567", "+393471234567"),
     ("(+216) 20.123.456", "+21620123456")],
)  # fmt: skip
def test_phone_numbers_are_read_as_people_type_them(typed, stored):
    assert sms.normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["3471234567", "+0393471234567", "+39abc", ""])
def test_a_number_without_country_code_is_refused(typed):
    with pytest.raises(ValidationError):
        sms.normalise_phone(typed)


def test_the_http_backend_posts_to_the_provider_and_keeps_its_message_id(provider):
    result = sms.send_sms("+393471234567", "Impact LMS: ciao")
    assert result.ok
    assert result.provider_id == "SM" + "1".zfill(32)
    [received] = provider.received
    assert received["To"] == "+393471234567"
    assert received["From"] == "ImpactLMS"
    assert received["Body"] == "Impact LMS: ciao"


def test_a_refusal_is_a_failed_result_with_the_providers_reason(provider):
    provider.mode = "refuse"
    result = sms.send_sms("+393471234567", "x")
    assert result.status == "failed"
    assert result.error == "HTTP 400: Invalid 'To' Phone Number"


def test_a_server_error_is_a_failed_result(provider):
    provider.mode = "error"
    assert sms.send_sms("+393471234567", "x").error.startswith("HTTP 500")


def test_wrong_credentials_fail(provider, settings):
    settings.SMS_HTTP_TOKEN = "wrong"
    result = sms.send_sms("+393471234567", "x")
    assert result.status == "failed" and result.error.startswith("HTTP 401")
    assert provider.received == []


def test_an_answer_that_is_not_json_fails(provider):
    provider.mode = "garbage"
    assert sms.send_sms("+393471234567", "x").error == "the provider's answer is not JSON"


def test_a_provider_that_does_not_answer_in_time_fails_within_the_timeout(provider):
    provider.mode = "slow"
    started = time.monotonic()
    result = sms.send_sms("+393471234567", "x")
    assert result.status == "failed"
    assert result.error == "no answer within 0.5 s"
    assert time.monotonic() - started < 1.5


def test_an_unreachable_provider_fails(settings):
    settings.SMS_BACKEND = "lms.sms.HttpBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/Messages.json"  # discard port: refused
    result = sms.send_sms("+393471234567", "x")
    assert result.status == "failed" and result.error.startswith("provider unreachable")
