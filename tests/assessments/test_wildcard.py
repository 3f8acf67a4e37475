"""Short-answer ``*`` patterns: linear matching that agrees with the regular-expression rule."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import grading
from assessments.grading import wildcard_match


def _regex_rule(pattern, text, case_sensitive):
    """The rule the matcher replaced: a backtracking regular expression."""
    body = ".*".join(re.escape(part) for part in pattern.split("*"))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(body, text, flags) is not None


@settings(max_examples=400, deadline=None)
@given(
    pattern=st.text(alphabet="aAb* ", max_size=8),
    text=st.text(alphabet="aAb ", max_size=10),
    case_sensitive=st.booleans(),
)
def test_matcher_agrees_with_the_regular_expression(pattern, text, case_sensitive):
    expected = _regex_rule(pattern, text, case_sensitive)
    assert wildcard_match(pattern, text, case_sensitive) == expected


class _CountingText(str):
    """A text that counts the substring searches made on it (each one linear in its length)."""

    searches = 0

    def find(self, *args):
        type(self).searches += 1
        return str.find(self, *args)

    def lower(self):
        return _CountingText(str.lower(self))


def test_pathological_pattern_costs_one_search_per_segment(monkeypatch):
    # No regular expression may be built from a trainer's pattern: re is not even importable here.
    assert not hasattr(grading, "re")
    pattern = "*a" * 8 + "*b"
    text = _CountingText("a" * 5000)
    _CountingText.searches = 0
    assert wildcard_match(pattern, text, case_sensitive=True) is False
    assert _CountingText.searches <= pattern.count("*")
    assert wildcard_match(pattern, _CountingText("a" * 5000 + "b"), case_sensitive=False) is True
    assert _CountingText.searches <= 2 * pattern.count("*")
    # Trailing star: the ending check cannot short-circuit, every segment is searched once.
    _CountingText.searches = 0
    assert wildcard_match(pattern + "*", _CountingText("a" * 5000), case_sensitive=True) is False
    assert 0 < _CountingText.searches <= pattern.count("*") + 1
