"""A reader never leaves their language and never loses an activity (issue 14).

The crawler starts at the home page and the dashboard in each language, as each role,
and follows every same-site link, GET form and redirect to depth 3: every address must
keep the language's prefix (Italian: no prefix) and no response may be a server error.
Static files, media, the admin and the language switcher (which leaves the language on
purpose) are the only exceptions.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from assessments.models import QuizPage
from courses.models import CoursePage
from lms.accounts.demo import DATA as PEOPLE

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en", "fr", "ar"]
PREFIXES = tuple(f"/{code}/" for code in LANGUAGES if code != "it")
EXCEPTED = ("/static/", "/media/", "/admin/", "/django-admin/", "/documents/", "/i18n/")
ROLES = {"anonymous": None, **{key: PEOPLE["people"][key]["email"] for key in PEOPLE["logins"]}}
MAX_DEPTH = 3


class _Links(HTMLParser):
    """Every ``<a href>`` (but the language switcher's, marked ``hreflang``) and every
    ``<form action>`` with its method."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (kind, address)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and "hreflang" not in attrs:
            self.links.append(("get", attrs["href"]))
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.links.append(("get-form" if method == "get" else "post", attrs.get("action")))


def _keeps_language(path: str, language: str) -> bool:
    if language == "it":
        return not path.startswith(PREFIXES)
    return path.startswith(f"/{language}/")


def _crawl(client, language: str, starts: list[str]) -> tuple[list[str], list[str], int]:
    """(addresses that left the language, responses ≥ 500, pages read)."""
    wrong: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    frontier = [(url, 0) for url in starts]
    read = 0
    while frontier:
        url, depth = frontier.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        read += 1
        if response.status_code >= 500:
            errors.append(f"{url} → {response.status_code}")
            continue
        found: list[tuple[str, str]] = []
        if response.status_code in (301, 302, 303, 307, 308):
            found.append(("get", response["Location"]))
        elif "html" in response.get("Content-Type", "") and response.status_code == 200:
            parser = _Links()
            parser.feed(response.content.decode())
            found = parser.links
        for kind, address in found:
            if address is None:  # a form posting to the page itself
                continue
            parts = urlsplit(urljoin(url, address))
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue  # another site
            path = parts.path
            if not path or path.startswith(EXCEPTED) or path == "/healthz/":
                continue
            if not _keeps_language(path, language):
                wrong.append(f"{url}: {kind} {address}")
                continue
            if kind != "post" and depth + 1 <= MAX_DEPTH:
                target = path + (f"?{parts.query}" if parts.query else "")
                if target not in seen:
                    frontier.append((target, depth + 1))
    return wrong, errors, read


def _home(language: str) -> str:
    return "/" if language == "it" else f"/{language}/"


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_form_and_redirect_keeps_the_language(client, demo, language, role):
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(email=ROLES[role]))
    starts = [_home(language), _home(language) + "dashboard/"]
    wrong, errors, read = _crawl(client, language, starts)
    assert errors == []
    assert wrong == []
    assert read > 10  # the crawl really went somewhere


def _outline_rows(client, url):
    """(rows of the course page's outline, the served page of each linked step in order)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    outline = html[html.index('<ol class="outline">') : html.index("</main>")]
    parser = _Links()
    parser.feed(outline)
    keys = []
    for _kind, address in parser.links:
        step = client.get(address)
        assert step.status_code == 200, address
        keys.append(step.context["page"].translation_key)
    return outline.count('<li class="lesson-row'), keys


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_outline_lists_the_same_activities_as_in_italian(client, demo, language):
    # A coordinator sees every step open, and opening one changes nothing.
    client.force_login(get_user_model().objects.get(email=ROLES["marco"]))
    course = CoursePage.objects.get(slug="percorso-peer-coach", locale__language_code="it")
    with translation.override("it"):
        url = course.url
    rows, keys = _outline_rows(client, url)
    quizzes = QuizPage.objects.filter(locale__language_code="it").descendant_of(course)
    assert rows >= 20 and len({q.translation_key for q in quizzes} & set(keys)) >= 6
    assert _outline_rows(client, _home(language) + url.lstrip("/")) == (rows, keys)
