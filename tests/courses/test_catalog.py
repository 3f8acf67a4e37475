"""The catalogue at /courses/: cards, filters, search, in Italian and English."""

import pytest
from wagtail.models import Locale

from courses.services import enrollment_create

from .factories import make_cohort, make_course, translate_tree

pytestmark = pytest.mark.django_db


def card_titles(response) -> list[str]:
    return [card.course.title for card in response.context["courses"]]


def test_catalogue_lists_live_courses_as_cards(client, catalog):
    make_course(catalog, title="Percorso peer coach")
    make_course(catalog, title="Laboratori cooperativi")
    response = client.get("/courses/")
    assert response.status_code == 200
    assert card_titles(response) == ["Percorso peer coach", "Laboratori cooperativi"]
    assert "Corsi trovati: 2" in response.text


def test_draft_courses_are_not_listed(client, catalog):
    draft = make_course(catalog, title="Bozza")
    draft.unpublish()
    assert card_titles(client.get("/courses/")) == []


def test_filter_by_tag(client, catalog):
    make_course(catalog, title="Ascolto", tags=["ascolto"])
    make_course(catalog, title="Politiche", tags=["politiche"])
    assert card_titles(client.get("/courses/", {"tag": "politiche"})) == ["Politiche"]


def test_filter_by_language(client, catalog):
    """The filter goes by what is translated, not by what the course claims."""
    make_course(catalog, title="Solo italiano", languages=("it", "fr", "ar"))
    translate_tree(make_course(catalog, title="Anche in francese"), "fr")
    assert card_titles(client.get("/courses/", {"language": "fr"})) == ["Anche in francese"]
    assert card_titles(client.get("/courses/", {"language": "ar"})) == []


def test_filter_by_territory_uses_where_cohorts_run(client, catalog):
    bari = make_course(catalog, title="A Bari")
    lecce = make_course(catalog, title="A Lecce")
    make_cohort(bari, name="Bari 1", territory="bari")
    make_cohort(lecce, name="Lecce 1", territory="lecce")
    assert card_titles(client.get("/courses/", {"territory": "lecce"})) == ["A Lecce"]


def test_search_matches_title_and_summary(client, catalog):
    make_course(catalog, title="Ascolto attivo", summary="Domande potenti")
    make_course(catalog, title="Amministrazione", summary="Bilanci e verbali")
    assert card_titles(client.get("/courses/", {"q": "verbali"})) == ["Amministrazione"]
    response = client.get("/courses/", {"q": "nulla di simile"})
    assert card_titles(response) == []
    assert "Nessun corso corrisponde a questi filtri." in response.text


def test_enrolled_courses_are_marked(trainee_client, trainee, catalog):
    course = make_course(catalog, title="Mio corso")
    make_course(catalog, title="Altro corso")
    enrollment_create(user=trainee, course=course)
    response = trainee_client.get("/courses/")
    assert [c.enrolled for c in response.context["courses"]] == [True, False]


def test_english_catalogue_lists_the_english_courses(client, catalog):
    make_course(catalog, title="Percorso", modules=1, lessons=1)
    translate_tree(catalog)
    response = client.get("/en/courses/")
    assert response.status_code == 200
    assert card_titles(response) == ["Percorso (EN)"]


def test_cards_show_the_topics_and_languages(client, catalog):
    course = make_course(catalog, title="Ascolto", tags=["ascolto", "bari"], languages=("ar",))
    translate_tree(course, "fr")
    partly = make_course(catalog, title="Poco", modules=1, lessons=1, languages=("ar",))
    english = Locale.objects.get(language_code="en")
    partly.copy_for_translation(english, copy_parents=True).save_revision().publish()
    response = client.get("/courses/")
    card = response.context["courses"][0]
    assert card.tags == ["ascolto", "bari"]
    assert "Italiano (originale), interamente in francese" in response.text
    # The course page only (not its module nor its lesson): a third of it.
    assert "Italiano (originale), Italiano con supporto in inglese (33%)" in response.text
    assert not any("rabo" in label for c in response.context["courses"] for label in c.languages)


def many_courses(catalog, count, **fields):
    return [make_course(catalog, title=f"Corso {n:02}", modules=0, **fields) for n in range(count)]


def test_courses_come_twelve_to_a_page_with_links_to_the_others(client, catalog):
    many_courses(catalog, 14)
    first = client.get("/courses/")
    assert card_titles(first) == [f"Corso {n:02}" for n in range(12)]
    assert "Corsi trovati: 14" in first.text
    assert "pagina 1 di 2" in first.text
    assert 'aria-label="Pagine dei corsi"' in first.text
    assert 'href="?page=2" rel="next"' in first.text
    assert 'href="?page=1" aria-current="page"' in first.text
    second = client.get("/courses/", {"page": 2})
    assert card_titles(second) == ["Corso 12", "Corso 13"]
    assert 'href="?page=1" rel="prev"' in second.text
    assert 'href="?page=2" aria-current="page"' in second.text
    assert 'rel="next"' not in second.text


def test_one_page_of_courses_has_no_page_links(client, catalog):
    many_courses(catalog, 12)
    response = client.get("/courses/")
    assert len(card_titles(response)) == 12
    assert "Pagine dei corsi" not in response.text
    assert "pagina 1 di" not in response.text


def test_page_links_keep_the_filters(client, catalog):
    many_courses(catalog, 13, tags=["comune"])
    make_course(catalog, title="Fuori filtro", modules=0)
    first = client.get("/courses/", {"tag": "comune", "q": "Corso"})
    assert "Corsi trovati: 13" in first.text
    assert 'href="?tag=comune&amp;q=Corso&amp;page=2"' in first.text
    second = client.get("/courses/", {"tag": "comune", "q": "Corso", "page": 2})
    assert card_titles(second) == ["Corso 12"]


def test_a_wrong_page_number_shows_the_nearest_page(client, catalog):
    many_courses(catalog, 13)
    assert card_titles(client.get("/courses/", {"page": "abc"}))[0] == "Corso 00"
    assert card_titles(client.get("/courses/", {"page": 99})) == ["Corso 12"]


def test_a_course_with_several_matching_languages_and_topics_is_listed_once(client, catalog):
    course = make_course(catalog, title="Doppio", tags=["a", "b"], languages=("it", "en", "fr"))
    translate_tree(course, "en")
    translate_tree(course, "fr")
    response = client.get("/courses/", {"tag": "a", "language": "fr", "q": "Doppio"})
    assert card_titles(response) == ["Doppio"]
    assert "Corsi trovati: 1" in response.text
