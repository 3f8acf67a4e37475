"""/verify/ follows the visitor's language, and its language switcher works (issue 14)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _switcher(html: str) -> dict[str, str]:
    pattern = r'<a href="([^"]+)" lang="(\w\w)" dir="\w+" hreflang='
    return {code: url.replace("&amp;", "&") for url, code in re.findall(pattern, html)}


def test_a_qr_code_address_opens_in_the_browsers_language(client, issued):
    assert issued.verify_url.endswith(f"/verify/{issued.code}/")  # what the QR code holds
    response = client.get(f"/verify/{issued.code}/", HTTP_ACCEPT_LANGUAGE="ar,fr;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == f"/ar/verify/{issued.code}/"
    assert "Accept-Language" in response["Vary"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    client.cookies.clear()  # a new visitor (reading in Arabic left a language cookie)
    italian = client.get(f"/verify/{issued.code}/", HTTP_ACCEPT_LANGUAGE="it")
    assert italian.status_code == 200 and "Attestato valido" in italian.content.decode()


def test_the_switcher_on_the_verify_page_changes_the_language(client, issued):
    html = client.get(f"/fr/verify/{issued.code}/").content.decode()
    links = _switcher(html)
    assert links["en"] == f"/en/verify/{issued.code}/"
    assert links["ar"] == f"/ar/verify/{issued.code}/"
    # Italian has no prefix: the link says so, or the French browser would win again.
    italian = client.get(links["it"], HTTP_ACCEPT_LANGUAGE="fr")
    assert italian.status_code == 200
    assert '<html lang="it" dir="ltr">' in italian.content.decode()
    english = client.get(links["en"]).content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert "Attestato valido" not in english


def test_the_verify_form_follows_the_language_last_browsed(client, issued):
    client.get("/en/verify/")  # reading in English leaves a language cookie
    response = client.get("/verify/")
    assert response.status_code == 302 and response["Location"] == "/en/verify/"
    assert _switcher(client.get("/verify/?lang=it").content.decode())["ar"] == "/ar/verify/"


def test_a_public_territory_page_follows_the_browsers_language(client, db):
    response = client.get("/lab/territories/bari/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302 and response["Location"] == "/fr/lab/territories/bari/"
    page = client.get(response["Location"])
    assert '<html lang="fr" dir="ltr">' in page.content.decode()
    client.cookies.clear()
    italian = client.get("/lab/territories/bari/?lang=it", HTTP_ACCEPT_LANGUAGE="fr")
    assert italian.status_code == 200


@pytest.mark.parametrize(("language", "prefix"), [("ar", "/ar"), ("fr", "/fr"), ("it", "")])
def test_the_certificate_e_mail_links_to_the_page_in_the_holders_language(
    rule, trainee, coordinator, language, prefix
):
    """Issue 14: a link in an e-mail stays in the reader's language (the e-mail was in
    Arabic but its link opened the Italian page)."""
    from django.conf import settings
    from django.core import mail

    from certificates.services import certificate_issue

    trainee.profile.preferred_language = language
    trainee.profile.save()
    certificate_issue(rule=rule, user=trainee, issued_by=coordinator, check=False)
    assert f"{settings.SITE_URL}{prefix}/certificates/" in mail.outbox[-1].body
