"""Small-group suppression for every published figure.

*Primary* suppression hides each count from 1 to 4 (shown as "< 5"). *Complementary*
suppression then hides more cells so that no hidden count can be worked out from the
totals: a table declares its *groups* — sets of cells whose values add up, the total
among them (a row with its row total, a column with the column total) — and as long as
some group holds exactly one hidden cell, the smallest non-zero visible cell of that
group is hidden too (a zero tells nothing; ties go to the first cell). Each group then
hides none or at least two cells, so no single sum gives a hidden one away.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

SMALL_MAX = 4  # counts 1..SMALL_MAX are hidden


def is_small(value) -> bool:
    return value is not None and 0 < value <= SMALL_MAX


def suppress(
    values: Mapping[Hashable, float],
    groups: Iterable[Iterable[Hashable]],
    *,
    primary: Iterable[Hashable] | None = None,
) -> tuple[set, set]:
    """The (primary, complementary) cells to hide among ``values``.

    ``primary`` overrides which cells are hidden first (default: the small counts);
    cells absent from ``values`` in a group are ignored.
    """
    first = set(primary) if primary is not None else {k for k, v in values.items() if is_small(v)}
    hidden = set(first)
    groups = [[key for key in group if key in values] for group in groups]
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(1 for key in group if key in hidden) != 1:
                continue
            candidates = [key for key in group if key not in hidden and values[key]]
            if not candidates:
                continue
            pick = min(candidates, key=lambda key: (values[key], group.index(key)))
            hidden.add(pick)
            changed = True
    return first, hidden - first
