"""The certificate of a holder who erased their account (issue 13, items 4 and 8): kept
for the audit under the pseudonym, with the PDF, the signed badge and the public page
no longer naming them; revoking and re-issuing it still work."""

import io

import jwt
from pypdf import PdfReader

from lms.accounts.names import is_pseudonym
from lms.accounts.services import user_erase


def _erase(certificate):
    user_erase(user=certificate.user)
    certificate.refresh_from_db()
    assert is_pseudonym(certificate.user)


def test_erasure_keeps_the_certificate_under_the_pseudonym_without_the_name(
    client, issued, django_capture_on_commit_callbacks
):
    name, old_pdf, code = issued.holder_name, issued.pdf.name, issued.code
    storage = issued.pdf.storage
    assert name and name.split()[0] in PdfReader(issued.pdf.open("rb")).pages[0].extract_text()
    with django_capture_on_commit_callbacks(execute=True):
        _erase(issued)
    assert issued.holder_name == issued.user.username  # "erased-…"
    assert (issued.state, issued.code) == ("valid", code)
    text = PdfReader(io.BytesIO(issued.pdf.open("rb").read())).pages[0].extract_text()
    assert name.split()[0] not in text and issued.user.username in text
    assert not storage.exists(old_pdf)  # the old PDF with the name is gone
    claims = jwt.decode(issued.credential_jwt, options={"verify_signature": False})
    assert name.split()[0] not in str(claims)
    page = client.get(f"/verify/{code}/").content.decode()
    assert "Attestato valido" in page
    assert name.split()[0] not in page
    initials = " ".join(part[0] + "." for part in name.split())
    assert initials not in page


def test_revoking_a_pseudonymised_holders_certificate(client, issued, coordinator):
    _erase(issued)
    client.force_login(coordinator)
    response = client.post(
        f"/en/certificates/{issued.code}/manage/",
        {"action": "revoke", "reason": "Issued by mistake"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The certificate is revoked." in response.content.decode()
    client.logout()
    page = client.get(f"/verify/{issued.code}/").content.decode()
    assert "Attestato revocato" in page and "Attestato valido" not in page
    assert client.get(f"/verify/{issued.code}.json").json()["state"] == "revoked"


def test_reissuing_a_pseudonymised_holders_certificate(client, issued, coordinator):
    hours = issued.hours
    _erase(issued)
    pseudonym = issued.user
    client.force_login(coordinator)
    response = client.post(
        f"/en/certificates/{issued.code}/manage/",
        {"action": "reissue", "reason": "Wrong course title"},
        follow=True,
    )
    assert "A new version was issued" in response.content.decode()
    issued.refresh_from_db()
    new = issued.replaced_by
    assert (new.user, new.holder_name, new.hours, new.version) == (
        pseudonym,
        pseudonym.username,
        hours,
        2,
    )
    assert new.pdf and new.credential_jwt
    client.logout()
    data = client.get(f"/verify/{issued.code}.json").json()
    assert (data["state"], data["current_code"]) == ("replaced", new.code)
    assert client.get(f"/verify/{new.code}.json").json()["state"] == "valid"
