"""A tiny registry of callbacks run when an attempt is graded.

The competency service registers here to turn graded responses into evidence::

    from assessments.hooks import register_attempt_graded
    register_attempt_graded(record_quiz_evidence)

Callbacks receive the :class:`~assessments.models.Attempt` and run inside the grading
transaction, after the scores are saved (auto-grading at submission, or a trainer's
rubric grading that completes the attempt).
"""

from __future__ import annotations

from collections.abc import Callable

_callbacks: list[Callable] = []


def register_attempt_graded(callback: Callable) -> Callable:
    """Register ``callback(attempt)``; returns it, so it works as a decorator. Idempotent."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def unregister_attempt_graded(callback: Callable) -> None:
    """Remove a callback (tests use it to clean up)."""
    if callback in _callbacks:
        _callbacks.remove(callback)


def attempt_graded(attempt) -> None:
    """Call every registered callback with ``attempt``."""
    for callback in list(_callbacks):
        callback(attempt)
