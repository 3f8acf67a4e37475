"""The site shell: home page in four languages, right-to-left Arabic, weight."""

import re
from pathlib import Path

import pytest

from content.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/", "it", "ltr"), ("/en/", "en", "ltr"), ("/fr/", "fr", "ltr"), ("/ar/", "ar", "rtl")],
)
def test_home_page_in_every_language(client, home_page, path, lang, direction):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_english_home_page_is_the_translation(client, home_page):
    assert "Welcome" in client.get("/en/").content.decode()
    assert "Benvenuti" in client.get("/").content.decode()


def test_shell_has_skip_link_landmarks_and_language_links(client, home_page):
    html = client.get("/en/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    for landmark in ("<header", "<main", "<footer", 'aria-label="Main"'):
        assert landmark in html
    # Each language link goes to the page's own translation (or the prefixed URL).
    assert re.search(r'href="/"[^>]*lang="it"', html)
    assert re.search(r'href="/ar/"[^>]*lang="ar"', html)


def test_italian_interface_strings_are_translated(client, home_page):
    html = client.get("/accounts/login/").content.decode()
    assert "Accedi" in html and "Hai dimenticato la password?" in html
    html = client.get("/ar/accounts/login/").content.decode()
    assert "تسجيل الدخول" in html


def test_home_page_is_light(client, home_page, settings):
    """HTML + CSS + JS of the home page stay under 200 KB (images excluded)."""
    from django.contrib.staticfiles import finders

    response = client.get("/")
    total = len(response.content)
    for ref in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', response.content.decode()):
        path = finders.find(ref.removeprefix(settings.STATIC_URL))
        total += len(Path(path).read_bytes())
    assert total < 200 * 1024


def test_standard_page_only_under_home_or_standard():
    from wagtail.test.utils import WagtailTestUtils  # noqa: F401 — ensure helpers import

    assert StandardPage.can_create_at(HomePage())
    assert not HomePage.can_create_at(StandardPage())


def test_healthz(client):
    assert client.get("/healthz/").content == b"ok"
