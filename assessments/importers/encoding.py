"""Turning an uploaded file's bytes into text, saying what was assumed.

UTF-8 (with or without a byte-order mark) is read as it is. Anything else is given to
``charset-normalizer``, which recognises Windows-1252, Latin-1 and their kin (the files
teachers save from Word or an old Moodle); the caller reports the encoding it assumed.
Bytes that no encoding explains are reported by line and column, never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .errors import Problem, QuestionImportError

__all__ = ["DecodedText", "decode"]

MSG_UNDECODABLE = _("byte 0x%(byte)s at column %(column)d cannot be read as %(encoding)s")
MSG_NOT_TEXT = _("the file is not text in any encoding that could be recognised")
NOTE_ENCODING = _("the file is not UTF-8; it was read as %(encoding)s")
# Beyond this many bad bytes the list stops helping.
MAX_REPORTED = 50


@dataclass
class DecodedText:
    text: str
    #: The encoding used; ``"utf-8"`` for a UTF-8 file.
    encoding: str
    #: A notice to show when the file was not UTF-8 (``None`` otherwise).
    note: Problem | None = None


def _positions(raw: bytes, encoding: str) -> list[Problem]:
    """Each byte that ``encoding`` cannot decode, as ``line N: byte … at column M``."""
    problems: list[Problem] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        position = 0
        while position < len(line):
            try:
                line[position:].decode(encoding)
                break
            except UnicodeDecodeError as error:
                bad = position + error.start
                # Columns count characters, as an editor shows them.
                column = len(line[:bad].decode(encoding, errors="replace")) + 1
                problems.append(
                    Problem(
                        number,
                        MSG_UNDECODABLE,
                        {"byte": f"{line[bad]:02X}", "column": column, "encoding": encoding},
                    )
                )
                if len(problems) >= MAX_REPORTED:
                    return problems
                position = bad + max(error.end - error.start, 1)
    return problems


# Short Western-European texts fit several code pages equally well; these are the ones
# teachers' files actually come in, so they win whenever they are among the candidates.
_PREFERRED = ("cp1252", "latin_1")
_NAMES = {"cp1252": "Windows-1252", "latin_1": "ISO-8859-1 (Latin-1)", "cp1256": "Windows-1256"}


def _looks_like_broken_utf8(raw: bytes) -> bool:
    """Valid multi-byte UTF-8 sequences next to invalid bytes: a damaged UTF-8 file."""
    text = raw.decode("utf-8", errors="surrogateescape")
    return any(ord(char) > 0x7F and not 0xDC80 <= ord(char) <= 0xDCFF for char in text)


def decode(raw: bytes) -> DecodedText:
    """The text of ``raw``. Raises :class:`QuestionImportError` if it cannot be read."""
    try:
        return DecodedText(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_like_broken_utf8(raw):
        raise QuestionImportError(_positions(raw, "utf-8"))
    from charset_normalizer import from_bytes

    candidates = [match.encoding for match in from_bytes(raw)]
    chosen = next((name for name in _PREFERRED if name in candidates), None)
    if chosen is None and candidates:
        chosen = candidates[0]
    if chosen is None or chosen in {"utf_8", "utf-8"}:
        raise QuestionImportError(_positions(raw, "utf-8") or [Problem(0, MSG_NOT_TEXT)])
    try:
        text = raw.decode(chosen)
    except UnicodeDecodeError:  # pragma: no cover - candidates decode the whole file
        raise QuestionImportError(_positions(raw, chosen)) from None
    name = _NAMES.get(chosen, chosen.replace("_", "-"))
    return DecodedText(
        text.removeprefix("\ufeff"), name, Problem(0, NOTE_ENCODING, {"encoding": name})
    )
