"""Property: exporting a category and importing the file gives the same questions."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.importers import export_gift, export_moodle_xml
from assessments.services import category_as_parsed, questions_export, questions_import
from tests.assessments.importers.test_roundtrip import questions

pytestmark = pytest.mark.django_db

MODEL_ROUNDTRIP = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_names = itertools.count()


def _roundtrip(parsed, fmt, writer):
    first = questions_import(
        text=writer(parsed), fmt=fmt, category_path=f"Originale {next(_names)}"
    )
    text, skipped = questions_export(category=first.categories[0], fmt=fmt)
    assert skipped == []
    second = questions_import(text=text, fmt=fmt, category_path=f"Copia {next(_names)}")
    assert category_as_parsed(second.categories[0]) == category_as_parsed(first.categories[0])
    assert len(second.questions) == len(parsed)


@MODEL_ROUNDTRIP
@given(st.lists(questions(gift=True), min_size=1, max_size=4))
def test_gift_export_then_import_gives_the_same_questions(parsed):
    _roundtrip(parsed, "gift", export_gift)


@MODEL_ROUNDTRIP
@given(st.lists(questions(gift=False), min_size=1, max_size=4))
def test_moodle_xml_export_then_import_gives_the_same_questions(parsed):
    _roundtrip(parsed, "moodlexml", export_moodle_xml)


@MODEL_ROUNDTRIP
@given(st.lists(questions(gift=True), min_size=1, max_size=4))
def test_gift_then_moodle_xml_through_the_bank_is_identical(parsed):
    """Any bank → GIFT → import → Moodle XML → import: the same questions, and
    importing either file again into its category changes nothing."""
    gift = export_gift(parsed)
    first = questions_import(text=gift, fmt="gift", category_path=f"GIFT {next(_names)}")
    xml, skipped = questions_export(category=first.categories[0], fmt="moodlexml")
    assert skipped == []
    second = questions_import(text=xml, fmt="moodlexml", category_path=f"XML {next(_names)}")
    assert category_as_parsed(second.categories[0]) == category_as_parsed(first.categories[0])
    again = questions_import(text=gift, fmt="gift", category_path=first.categories[0].full_path)
    assert (len(again.created), len(again.updated)) == (0, 0)
    assert [q.pk for q in again.questions] == [q.pk for q in first.questions]
    again = questions_import(
        text=xml, fmt="moodlexml", category_path=second.categories[0].full_path
    )
    assert (len(again.created), len(again.updated)) == (0, 0)
