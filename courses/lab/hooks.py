"""Where the lab meets the competency framework, without importing ``assessments``.

Two small registries:

* ``register_competency_source(source)``: ``source(path) -> list[CompetencyOption]``
  lists the competencies a path's contributions can be evidence for (those aligned
  with the cohort's courses). The facilitator form offers them.
* ``register_contribution_recognised(callback)``: ``callback(recognition)`` is called
  inside the transaction that records a ``ContributionRecognition``; the connector
  turns it into Evidence (kind "observation", ``source=recognition.contribution``).
  An exception in a callback rolls the recognition back, so both stay in step.

The connector lives with ``assessments`` (which may import the lab); see
``assessments/lab_evidence.py`` once main has the Evidence models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CompetencyOption:
    id: int
    label: str
    levels: tuple[tuple[int, str], ...]  # (level number, name) on the competency's scale


_sources: list[Callable] = []
_recognised: list[Callable] = []


def register_competency_source(source: Callable) -> Callable:
    """Add ``source(path) -> list[CompetencyOption]``; usable as a decorator."""
    if source not in _sources:
        _sources.append(source)
    return source


def register_contribution_recognised(callback: Callable) -> Callable:
    """Add ``callback(recognition)``, called when a facilitator recognises a contribution."""
    if callback not in _recognised:
        _recognised.append(callback)
    return callback


def unregister(callback: Callable) -> None:
    """Remove a source or callback (tests use it to clean up)."""
    for registry in (_sources, _recognised):
        if callback in registry:
            registry.remove(callback)


def competency_options(path) -> list[CompetencyOption]:
    """Every competency offered by the registered sources, first source wins on an id."""
    options: dict[int, CompetencyOption] = {}
    for source in _sources:
        for option in source(path):
            options.setdefault(option.id, option)
    return list(options.values())


def contribution_recognised(recognition) -> None:
    for callback in list(_recognised):
        callback(recognition)
