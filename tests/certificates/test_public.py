"""Public verification: by code, by PDF, JSON for machines, rate limit, issuer keys."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates import services


def _opt_in_to_full_name(user):
    user.profile.show_full_name_publicly = True
    user.profile.save()


def test_verify_page_shows_only_initials_by_default(client, issued):
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert "Attestato valido" in content
    assert issued.holder_name not in content
    initials = " ".join(part[0] + "." for part in issued.holder_name.split())
    assert initials in content
    assert client.get(f"/verify/{issued.code}.json").json()["name"] == initials


def test_holder_opts_in_to_the_full_name_on_my_privacy(client, issued):
    client.force_login(issued.user)
    client.post("/en/accounts/privacy/consents/", {"action": "public_name", "show": "yes"})
    client.logout()
    assert issued.holder_name in client.get(f"/verify/{issued.code}/").content.decode()


def test_verify_page_says_valid_with_only_agreed_data(client, issued):
    _opt_in_to_full_name(issued.user)
    response = client.get(f"/verify/{issued.code}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Attestato valido" in content
    assert issued.holder_name in content
    assert "Peer coach" in content
    assert issued.user.email not in content


def test_holder_can_hide_their_full_name(client, issued):
    _opt_in_to_full_name(issued.user)
    services.certificate_set_visibility(certificate=issued, user=issued.user, show_name=False)
    issued.refresh_from_db()
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert issued.holder_name not in content
    assert issued.public_name in content


def test_typed_code_in_lower_case_redirects_to_canonical(client, issued):
    response = client.get(f"/verify/{issued.code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{issued.code}/"


def test_unknown_code(client, db):
    response = client.get("/verify/AAAA-BBBB-CCCC-DDDD-EEEE/")
    assert response.status_code == 404
    assert "Attestato sconosciuto" in response.content.decode()


def test_revoked_page_keeps_the_reason_internal_by_default(client, issued, coordinator):
    services.certificate_revoke(certificate=issued, by=coordinator, reason="Issued by mistake")
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert "Attestato revocato" in content
    assert "Issued by mistake" not in content
    assert "Issued by mistake" not in client.get(f"/verify/{issued.code}.json").content.decode()


def test_revoked_page_shows_date_and_reason_marked_public(client, issued, coordinator):
    services.certificate_revoke(
        certificate=issued, by=coordinator, reason="Issued by mistake", reason_public=True
    )
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert "Attestato revocato" in content
    assert "Issued by mistake" in content


def test_old_code_leads_to_current_version(client, issued, coordinator):
    new = services.certificate_reissue(certificate=issued, by=coordinator, reason="Typo")
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert f'href="/verify/{new.code}/"' in content
    data = client.get(f"/verify/{issued.code}.json").json()
    assert (data["state"], data["current_code"]) == ("replaced", new.code)


def test_json_for_machines(client, issued):
    _opt_in_to_full_name(issued.user)
    data = client.get(f"/verify/{issued.code}.json").json()
    assert data["state"] == "valid"
    assert data["name"] == issued.holder_name
    assert data["competencies"] == ["Active listening", "Powerful questions"]
    assert "email" not in data
    assert client.get("/verify/AAAA-BBBB-CCCC-DDDD-EEEE.json").json()["state"] == "unknown"


def test_form_by_code_and_by_pdf(client, issued):
    response = client.post("/verify/", {"code": issued.code.replace("-", " ").lower()})
    assert response["Location"] == f"/verify/{issued.code}/"
    with issued.pdf.open("rb") as handle:
        upload = SimpleUploadedFile("c.pdf", handle.read(), content_type="application/pdf")
    response = client.post("/verify/", {"pdf": upload})
    assert response["Location"] == f"/verify/{issued.code}/"
    tampered = SimpleUploadedFile("c.pdf", b"%PDF-1.7 changed", content_type="application/pdf")
    response = client.post("/verify/", {"pdf": tampered})
    assert response.status_code == 404
    assert "Potrebbe essere stato modificato" in response.content.decode()


def test_form_re_shows_error_when_empty(client, db):
    response = client.post("/verify/", {"code": ""})
    assert response.status_code == 200
    assert "Inserisci un codice o scegli un file PDF." in response.content.decode()


def test_rate_limit_gives_a_clear_429(client, db, settings):
    settings.CERTIFICATE_VERIFY_RATE = 3
    for _ in range(3):
        assert client.get("/verify/AAAA-BBBB-CCCC-DDDD-EEEE/").status_code == 404
    response = client.get("/verify/AAAA-BBBB-CCCC-DDDD-EEEE/")
    assert response.status_code == 429
    assert "Troppe verifiche" in response.content.decode()
    assert int(response["Retry-After"]) <= 60


def test_jwks_and_issuer_profile_publish_the_same_key(client, db):
    key = client.get("/.well-known/jwks.json").json()["keys"][0]
    profile = client.get("/issuer/").json()
    assert profile["id"] == "http://testserver/issuer/"
    method = profile["verificationMethod"][0]
    assert method["publicKeyJwk"]["n"] == key["n"]
    assert method["id"].endswith(key["kid"])


@pytest.mark.parametrize("path", ["/verify/", "/issuer/", "/.well-known/jwks.json"])
def test_public_urls_have_no_language_prefix(client, db, path):
    assert client.get(path).status_code == 200


def test_rate_limit_counts_the_visitor_behind_a_trusted_proxy(client, db, settings):
    settings.CERTIFICATE_VERIFY_RATE = 1
    settings.CERTIFICATE_TRUSTED_PROXIES = 1
    first = client.get("/verify/", HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = client.get("/verify/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    again = client.get("/verify/", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (first.status_code, other.status_code, again.status_code) == (200, 200, 429)


def test_erased_holder_keeps_a_verifiable_certificate_under_the_pseudonym(client, issued):
    from lms.accounts.names import is_pseudonym
    from lms.accounts.services import user_erase

    name = issued.holder_name
    user_erase(user=issued.user)
    issued.refresh_from_db()
    assert is_pseudonym(issued.user)
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert "Attestato valido" in content
    assert name not in content
    assert issued.public_name == issued.user.username and issued.public_name in content


def test_italian_dates_have_lower_case_months_as_on_the_pdf(client, issued):
    from certificates.pdf import format_date

    content = client.get(f"/verify/{issued.code}/").content.decode()
    printed = format_date(issued.issued_on, "it")
    assert printed in content and printed.split()[1].islower()


def test_the_english_course_title_is_shown_beside_the_italian_one(client, issued):
    issued.course_title_en = "Peer coaching for newcomers"
    issued.save(update_fields=["course_title_en"])
    content = client.get(f"/verify/{issued.code}/").content.decode()
    assert f'<span lang="it">{issued.course_title}</span>' in content
    assert '<span lang="en">Peer coaching for newcomers</span>' in content
    assert client.get(f"/verify/{issued.code}.json").json()["course_en"] == (
        "Peer coaching for newcomers"
    )
