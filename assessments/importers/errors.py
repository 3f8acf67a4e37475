"""The single error type of the importers, carrying every problem found in a file.

Messages are ``gettext_lazy`` strings with ``%(name)s`` placeholders, so this module
imports without configured Django settings; they are translated and formatted only when
turned into text (``str(problem)``), in the language active at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .types import ParsedQuestion

__all__ = ["Problem", "QuestionImportError"]

_LINE_TEMPLATE = _("line %(line)d: %(reason)s")


@dataclass
class Problem:
    """One problem at one source line (1-based).

    ``message`` is a lazy translatable template, ``params`` the values for its
    ``%(name)s`` placeholders.
    """

    line: int
    message: Promise | str
    params: Mapping[str, object] = field(default_factory=dict)
    #: Set for a question whose type is not supported: ``{"number", "type", "name"}``.
    #: Such a question can be left out (``skip_unsupported``) instead of refusing the file.
    unsupported: Mapping[str, object] | None = None

    @property
    def reason(self) -> str:
        """The translated message without the line prefix."""
        return str(self.message) % dict(self.params)

    def __str__(self) -> str:
        if self.line <= 0:  # About the whole file.
            return self.reason
        return str(_LINE_TEMPLATE) % {"line": self.line, "reason": self.reason}


class QuestionImportError(Exception):
    """A file could not be imported completely.

    ``problems`` lists every problem found, in source order. ``questions`` holds the
    questions that were read without problems, so a caller may offer a partial import.
    """

    def __init__(
        self, problems: Iterable[Problem], questions: Sequence[ParsedQuestion] = ()
    ) -> None:
        self.problems: list[Problem] = sorted(problems, key=lambda problem: problem.line)
        self.questions: list[ParsedQuestion] = list(questions)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)

    @property
    def only_unsupported(self) -> bool:
        """Whether every problem is an unsupported question (which may be skipped)."""
        return bool(self.problems) and all(p.unsupported for p in self.problems)

    @property
    def messages(self) -> list[str]:
        """The problems as translated ``line N: reason`` strings."""
        return [str(problem) for problem in self.problems]
