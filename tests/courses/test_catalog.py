"""The catalogue at /courses/: cards, filters, search, in Italian and English."""

import pytest

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
    make_course(catalog, title="Solo italiano", languages=("it",))
    make_course(catalog, title="Anche in francese", languages=("it", "fr"))
    assert card_titles(client.get("/courses/", {"language": "fr"})) == ["Anche in francese"]


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
