"""Small-group suppression: no count from 1 to 4 is published, and none can be worked
out from the totals printed beside it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import suppress


def grid_with_totals(grid):
    """Cells (r, c) of ``grid`` plus a total column and a total row, and the groups
    (each row with its total, each column with its total)."""
    rows, columns = len(grid), len(grid[0])
    values = {}
    for r in range(rows):
        for c in range(columns):
            values[(r, c)] = grid[r][c]
        values[(r, columns)] = sum(grid[r])
    for c in range(columns + 1):
        values[(rows, c)] = sum(values[(r, c)] for r in range(rows))
    groups = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
    groups += [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]
    return values, groups


def test_one_small_cell_in_a_row_hides_a_second_cell_of_that_row_and_column():
    # Row 0 has one small cell (3): without more, 3 = 23 − 20 would give it away.
    values, groups = grid_with_totals([[20, 3, 9], [15, 12, 30], [8, 40, 11]])
    small, more = suppress(values, groups)
    assert small == {(0, 1)}
    row = [key for key in groups[0] if key in small | more]
    column = [key for key in groups[4 + 1] if key in small | more]  # column 1
    assert len(row) >= 2 and len(column) >= 2
    # The smallest other figure of the row goes: 9 (not the 20, not the total).
    assert (0, 2) in more


def test_a_row_whose_only_count_is_small_hides_its_total_too():
    values, groups = grid_with_totals([[0, 2, 0], [10, 12, 30]])
    small, more = suppress(values, groups)
    hidden = small | more
    assert {(0, 1), (0, 3)} <= hidden  # the row total equals the small cell
    # Column 1 (2, 12, total 14) hides a second figure: 2 = 14 − 12 otherwise.
    assert {(1, 1), (2, 1)} & more


def test_zeros_and_large_counts_are_shown():
    values, groups = grid_with_totals([[0, 10], [5, 7]])
    assert suppress(values, groups) == (set(), set())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=5),
        min_size=1,
        max_size=5,
    ).filter(lambda g: len({len(r) for r in g}) == 1)
)
def test_no_group_ever_holds_exactly_one_hidden_cell(grid):
    values, groups = grid_with_totals(grid)
    small, more = suppress(values, groups)
    hidden = small | more
    assert {key for key, value in values.items() if 1 <= value <= 4} <= hidden
    for group in groups:
        assert sum(1 for key in group if key in hidden) != 1, (grid, group)
    assert not small & more
