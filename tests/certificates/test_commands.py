"""verify_credential accepts a downloaded badge and rejects a tampered or revoked one."""

import base64
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from certificates import services


@pytest.fixture(autouse=True)
def _english():
    """The command speaks the active language; these tests read it in English."""
    with translation.override("en"):
        yield


def _write(tmp_path, text):
    path = tmp_path / "badge.jwt"
    path.write_text(text)
    return str(path)


def test_verify_credential_accepts_the_issued_badge(issued, tmp_path, capsys):
    call_command("verify_credential", _write(tmp_path, issued.credential_jwt))
    assert capsys.readouterr().out.startswith("VALID: Peer coach for ")


def test_verify_credential_rejects_a_tampered_badge(issued, tmp_path):
    header, payload, signature = issued.credential_jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["name"] = "Someone Else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(CommandError, match="INVALID: bad signature"):
        call_command("verify_credential", _write(tmp_path, f"{header}.{forged}.{signature}"))


def test_verify_credential_rejects_a_revoked_badge(issued, coordinator, tmp_path):
    services.certificate_revoke(certificate=issued, by=coordinator, reason="Mistake")
    with pytest.raises(CommandError, match="INVALID: revoked on"):
        call_command("verify_credential", _write(tmp_path, issued.credential_jwt))


def test_verify_credential_rejects_garbage(db, tmp_path):
    with pytest.raises(CommandError, match="INVALID: not a JWT"):
        call_command("verify_credential", _write(tmp_path, "hello"))


def test_issue_certificates_needs_a_rule(db):
    # In the active language: Italian here.
    with (
        translation.override("it"),
        pytest.raises(CommandError, match="Nessuna regola di certificato attiva"),
    ):
        call_command("issue_certificates", "--course", "nope")


def test_issue_certificates_dry_run(rule, capsys):
    call_command("issue_certificates", "--course", "peer-coach", "--dry-run")
    assert "Peer coach certificate:" in capsys.readouterr().out
