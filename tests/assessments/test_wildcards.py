"""Short-answer wildcards: the same answers match as Moodle's ``*`` rule, and no pattern
can make grading super-linear (issue 13, bounded inputs)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from assessments.grading import wildcard_match


def _reference(pattern: str, text: str, case_sensitive: bool) -> bool:
    """The rule as a regular expression (what grading used to run): fine on small
    inputs, exponential on hostile ones."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, text, 0 if case_sensitive else re.IGNORECASE) is not None


@given(
    pattern=st.text(alphabet="ab*A ", max_size=8),
    text=st.text(alphabet="abA ", max_size=10),
    case_sensitive=st.booleans(),
)
def test_the_matcher_accepts_exactly_what_the_wildcard_rule_accepts(pattern, text, case_sensitive):
    assert wildcard_match(pattern, text, case_sensitive) == _reference(
        pattern, text, case_sensitive
    )


class CountingText(str):
    """An answer that counts how often the matcher scans it."""

    scans = 0

    def find(self, *args):
        CountingText.scans += 1
        return super().find(*args)


def test_a_hostile_pattern_costs_one_scan_per_star():
    """``*a*a*…*c*b`` against 5,000 a's and a b is the classic catastrophic-backtracking
    case (a backtracking regex tries on the order of n^k splits before giving up); the
    matcher scans the answer at most once per ``*`` and says no."""
    pattern = "*a" * 12 + "*c*b"
    answer = CountingText("a" * 5000 + "b")
    CountingText.scans = 0
    assert wildcard_match(pattern, answer, case_sensitive=True) is False
    assert 0 < CountingText.scans <= pattern.count("*")


def test_matching_keeps_moodle_behaviour_on_ordinary_answers():
    assert wildcard_match("Bari*", "Bari Vecchia", case_sensitive=False)
    assert wildcard_match("*consiglio*comunale*", "il Consiglio comunale di Lecce", False)
    assert not wildcard_match("*consiglio*comunale*", "il comunale consiglio", False)
    assert not wildcard_match("Foggia", "foggia", case_sensitive=True)
    assert wildcard_match("Foggia", "foggia", case_sensitive=False)
    assert wildcard_match("*", "", case_sensitive=True)
