"""Revoking and re-issuing the certificate of a holder who erased their account
(issue 13, item 4): the coordinator's page works and the public page follows."""

from lms.accounts.services import user_erase


def _erase(certificate):
    user_erase(user=certificate.user)
    certificate.refresh_from_db()
    assert certificate.user_id is None


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
    name, hours = issued.holder_name, issued.hours
    _erase(issued)
    client.force_login(coordinator)
    response = client.post(
        f"/en/certificates/{issued.code}/manage/",
        {"action": "reissue", "reason": "Wrong course title"},
        follow=True,
    )
    assert "A new version was issued" in response.content.decode()
    issued.refresh_from_db()
    new = issued.replaced_by
    assert (new.user_id, new.holder_name, new.hours, new.version) == (None, name, hours, 2)
    assert new.pdf and new.credential_jwt
    client.logout()
    data = client.get(f"/verify/{issued.code}.json").json()
    assert (data["state"], data["current_code"]) == ("replaced", new.code)
    assert client.get(f"/verify/{new.code}.json").json()["state"] == "valid"
