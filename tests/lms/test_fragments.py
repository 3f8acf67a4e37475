"""``{% keep %}``: rendered fragments kept in the worker's memory (issue 20).

What a kept fragment shows must change as soon as what it shows changes, and two
people must never see each other's: each use below is checked against the change that
should make it render anew (an enrolment, a completed lesson, a course retitled, a
translation published, a role), and the tag itself against its rules (a preview, an
empty name, another language, caching off). And, for every template of the project: no
kept fragment holds a CSRF token or the messages of a request."""

import re
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError, engines
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import IncludeNode
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation

from courses.models import CoursePage, LessonPage
from courses.services import enrollment_create, lesson_complete
from lms import caching
from lms.templatetags.fragments import KeepNode
from tests.courses.factories import (
    lessons_of,
    make_catalog,
    make_cohort,
    make_course,
    translate_tree,
)

pytestmark = pytest.mark.django_db


def it(message: str) -> str:
    with translation.override("it"):
        return translation.gettext(message)


def _render(source: str, request=None, **context) -> str:
    template = Template("{% load fragments %}" + source)
    return template.render(Context({"request": request, **context}))


def _request(path="/corsi/"):
    return RequestFactory().get(path)


# --- The tag -----------------------------------------------------------------------


def test_a_kept_fragment_is_rendered_once_per_key_and_generation():
    request = _request()
    source = '{% keep "box" "pages" %}{{ value }}{% endkeep %}'
    assert _render(source, request, value="first") == "first"
    assert _render(source, request, value="second") == "first"  # kept
    caching.bump("pages")
    assert _render(source, request, value="third") == "third"


def test_every_value_it_varies_on_is_part_of_the_key():
    request = _request()
    source = '{% keep "box" "" who %}{{ value }}{% endkeep %}'
    assert _render(source, request, who="anna", value="for Anna") == "for Anna"
    assert _render(source, request, who="omar", value="for Omar") == "for Omar"
    assert _render(source, request, who="anna", value="changed") == "for Anna"


def test_the_language_time_zone_and_host_are_always_part_of_the_key():
    source = '{% keep "box" "" %}{{ value }}{% endkeep %}'
    assert _render(source, _request(), value="it") == "it"
    with translation.override("ar"):
        assert _render(source, _request(), value="ar") == "ar"
    with override_settings(ALLOWED_HOSTS=["*"]):
        other_host = RequestFactory(HTTP_HOST="altro.example").get("/corsi/")
        assert _render(source, other_host, value="other host") == "other host"
    with timezone.override("UTC"):
        assert _render(source, _request(), value="utc") == "utc"
    assert _render(source, _request(), value="again") == "it"


def test_an_empty_name_a_preview_or_caching_off_renders_every_time():
    request = _request()
    assert _render('{% keep name "" %}{{ v }}{% endkeep %}', request, name="", v=1) == "1"
    assert _render('{% keep name "" %}{{ v }}{% endkeep %}', request, name="", v=2) == "2"
    preview = _request()
    preview.is_preview = True
    source = '{% keep "draft" "pages" %}{{ v }}{% endkeep %}'
    assert _render(source, preview, v="draft 1") == "draft 1"
    assert _render(source, preview, v="draft 2") == "draft 2"
    with override_settings(LMS_SHARED_CACHE=False):
        assert _render('{% keep "off" "" %}{{ v }}{% endkeep %}', request, v="a") == "a"
        assert _render('{% keep "off" "" %}{{ v }}{% endkeep %}', request, v="b") == "b"


def test_an_unknown_generation_is_an_error():
    with pytest.raises(TemplateSyntaxError, match="unknown generations"):
        _render('{% keep "box" "pagez" %}x{% endkeep %}', _request())


# --- The class of defect: nothing personal to a request inside a kept fragment -----


def _project_templates() -> list[str]:
    names = []
    for directory in engines["django"].template_dirs:
        root = Path(directory)
        if not str(root).startswith(str(settings.BASE_DIR)) or ".venv" in root.parts:
            continue
        names += [str(p.relative_to(root)) for p in root.rglob("*.html")]
    return sorted(set(names))


def _nodes(nodelist, seen):
    for node in nodelist:
        yield node
        if isinstance(node, IncludeNode):
            name = node.template.var
            if isinstance(name, str) and name not in seen:  # a constant name
                seen.add(name)
                included = engines["django"].engine.get_template(name)
                yield from _nodes(included.nodelist, seen)
        for attr in node.child_nodelists:
            yield from _nodes(getattr(node, attr, None) or [], seen)


def test_no_kept_fragment_holds_a_csrf_token_or_the_messages():
    """A CSRF token is the reader's own; messages are one request's: kept, they would be
    shown to the next reader. Every ``{% keep %}`` of the project's templates, with the
    templates it includes by name."""
    names = _project_templates()
    assert "base.html" in names
    kept = 0
    for name in names:
        template = engines["django"].engine.get_template(name)
        for node in _nodes(template.nodelist, set()):
            if not isinstance(node, KeepNode):
                continue
            kept += 1
            inside = list(_nodes(node.nodelist, set()))
            assert not [n for n in inside if isinstance(n, CsrfTokenNode)], name
            source = "".join(getattr(n, "token", None) and n.token.contents or "" for n in inside)
            assert "messages" not in source, name
    assert kept >= 4  # catalogue, nav, language switcher, module steps, reflection form


# --- Each use ----------------------------------------------------------------------


@pytest.fixture
def two_courses(home_page):
    catalog = make_catalog(home_page)
    return make_course(catalog, title="Ascolto attivo"), make_course(catalog, title="Politiche")


def _enrolled_badges(response) -> int:
    return response.content.decode().count(it("You are enrolled"))


def test_the_catalogue_shows_each_reader_their_own_enrolments(
    client, trainee, other_trainee, two_courses
):
    enrollment_create(user=trainee, course=two_courses[0])
    for _round in range(2):
        client.force_login(trainee)
        assert _enrolled_badges(client.get("/courses/")) == 1
        client.force_login(other_trainee)
        assert _enrolled_badges(client.get("/courses/")) == 0
    enrollment_create(user=other_trainee, course=two_courses[1])  # no page is saved
    assert _enrolled_badges(client.get("/courses/")) == 1


def test_the_catalogue_shows_a_renamed_course_and_each_search(client, two_courses):
    assert "Ascolto attivo" in client.get("/courses/").content.decode()
    page = CoursePage.objects.get(pk=two_courses[0].pk)
    page.title = "Ascolto profondo"
    page.save_revision().publish()
    html = client.get("/courses/").content.decode()
    assert ">Ascolto profondo</a>" in html and ">Ascolto attivo</a>" not in html
    found = client.get("/courses/", {"q": "Politiche"}).content.decode()
    assert 'value="Politiche"' in found and ">Ascolto profondo</a>" not in found


def test_the_territory_filter_follows_the_cohorts(client, two_courses):
    """Cohorts are not pages: a new cohort changes no generation, so this list is never
    kept."""
    assert "Politiche" not in client.get("/courses/", {"territory": "lecce"}).content.decode()
    make_cohort(two_courses[1], name="Lecce 1", territory="lecce")
    assert "Politiche" in client.get("/courses/", {"territory": "lecce"}).content.decode()


def _steps(response) -> str:
    html = response.content.decode()
    return html[html.index('class="module-steps"') :].split("</nav>", 1)[0]


def test_the_module_steps_follow_each_readers_progress(client, trainee, other_trainee, home_page):
    course = make_course(make_catalog(home_page), modules=1, lessons=3)
    for person in (trainee, other_trainee):
        enrollment_create(user=person, course=course)
    first, second, _third = lessons_of(course)
    client.force_login(trainee)
    assert _steps(client.get(second.url)).count("lesson-row--done") == 0
    lesson_complete(user=trainee, lesson=first)
    steps = _steps(client.get(second.url))
    assert steps.count("lesson-row--done") == 1 and it("Done") in steps
    client.force_login(other_trainee)
    assert _steps(client.get(second.url)).count("lesson-row--done") == 0
    # The current step is marked on each lesson's own list.
    assert 'aria-current="page"' in _steps(client.get(first.url)).split(first.title)[0][-200:]


def _signed_in_to_a_course(client, trainee, home_page):
    """A one-module course of two lessons, ``trainee`` enrolled and signed in."""
    course = make_course(make_catalog(home_page), modules=1, lessons=2)
    enrollment_create(user=trainee, course=course)
    client.force_login(trainee)
    return course, *lessons_of(course)


def test_the_module_steps_show_a_retitled_lesson_and_a_translation(
    client, trainee, home_page, locales
):
    course, first, second = _signed_in_to_a_course(client, trainee, home_page)
    assert "Lezione 1.2" in _steps(client.get(first.url))
    page = LessonPage.objects.get(pk=second.pk)
    page.title = "Lezione con un nome nuovo"
    page.save_revision().publish()
    assert "Lezione con un nome nuovo" in _steps(client.get(first.url))
    translate_tree(course, "en")
    english = LessonPage.objects.get(
        translation_key=first.translation_key, locale__language_code="en"
    )
    assert "Lezione con un nome nuovo (EN)" in _steps(client.get(english.url))


def test_the_menu_shows_the_admin_link_to_staff_only(client, trainee, trainer):
    admin_link = 'href="/admin/"'
    for _round in range(2):
        client.force_login(trainer)
        assert admin_link in client.get("/dashboard/").content.decode()
        client.force_login(trainee)
        assert admin_link not in client.get("/dashboard/").content.decode()


class _At:
    def __init__(self, url):
        self.url = url


def test_the_language_switcher_follows_the_page_and_its_translations(
    client, trainee, home_page, locales
):
    course, first, second = _signed_in_to_a_course(client, trainee, home_page)

    def english_link(lesson):
        html = client.get(lesson.url).content.decode()
        nav = html[html.index('class="lang"') :].split("</nav>", 1)[0]
        return re.search(r'href="([^"]+)" lang="en"', nav).group(1)

    assert english_link(first) != english_link(second)
    assert english_link(_At("/dashboard/")) == "/en/dashboard/"  # not a page: its address
    assert english_link(_At("/journal/")) == "/en/journal/"
    untranslated = english_link(first)
    translate_tree(course, "en")
    english = LessonPage.objects.get(
        translation_key=first.translation_key, locale__language_code="en"
    )
    english.slug = "lesson-1-1"  # its own address, not the original's under /en/
    english.save_revision().publish()
    english.refresh_from_db()
    assert english_link(first) == english.url != untranslated


def test_the_dashboard_cards_follow_each_readers_progress_and_hours(
    client, trainee, other_trainee, home_page
):
    from courses.services import online_time_record

    course = make_course(make_catalog(home_page), title="Ascolto attivo", modules=1, lessons=2)
    for person in (trainee, other_trainee):
        enrollment_create(user=person, course=course)
    first, second = lessons_of(course)
    client.force_login(trainee)
    card = client.get("/dashboard/").content.decode()
    assert "0 su 2" in card and ">Lezione 1.1</span>" in card
    lesson_complete(user=trainee, lesson=first)
    card = client.get("/dashboard/").content.decode()
    assert "1 su 2" in card and ">Lezione 1.2</span>" in card
    started = timezone.now() - timedelta(minutes=40)
    visit = uuid4()
    online_time_record(user=trainee, page=second, visit=visit, seconds=60, now=started)
    online_time_record(user=trainee, page=second, visit=visit, seconds=1800)  # 30 min
    hours = client.get("/dashboard/").content.decode().split('class="course-hours"', 1)[1]
    assert "Tempo online: 0,5 ore" in hours[:300]
    lesson_complete(user=trainee, lesson=second)
    assert it("Course completed") in client.get("/dashboard/").content.decode()
    client.force_login(other_trainee)
    card = client.get("/dashboard/").content.decode()
    assert "0 su 2" in card and it("Course completed") not in card
