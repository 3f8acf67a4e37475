"""Language variants inside a question file, as Moodle's multi-language filters write them.

A multilingual Moodle site keeps every language in the same text:
``<span lang="it" class="multilang">Chi è?</span><span lang="en" class="multilang">Who
is it?</span>`` (the core filter) or ``{mlang it}Chi è?{mlang}{mlang en}Who is it?{mlang}``
(filter_multilang2). Imported as it is, a trainee would read every language at once.

``language_variants_apply`` keeps in each text only the variant in the source language —
**wherever it stands**: a file may put another language first, or order the variants
differently in the stem and in the options — and returns the other variants, field by
field and answer by answer (in the file's order, which is the order of the question's
answers), to be saved as the question's translations. A text without variants is the
same in every language. Without a variant in the source language, the first one is the
question (and a note says so).

Pure Python: no models, no settings (the source language is an argument).
"""

from __future__ import annotations

import re

from django.conf.locale import LANG_INFO
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .errors import Problem
from .types import ParsedQuestion, QType

__all__ = ["language_variants_apply", "variants"]

NOTE_VARIANTS = _(
    "language variants found: the %(source)s text is the question, %(others)s are saved "
    "as its translations"
)
NOTE_NO_SOURCE = _(
    "no variant in %(source)s: the first one (%(first)s) is used as the question's text"
)
NOTE_ACCEPTED_ANSWERS = _(
    "accepted answers are not translated: only the %(source)s variant of each is kept"
)

_SPAN = re.compile(
    r"<span\s+(?=[^>]*\bclass=\"multilang\")(?=[^>]*\blang=\"(?P<lang>[A-Za-z_-]+)\")[^>]*>"
    r"(?P<text>.*?)</span>",
    re.S,
)
_MLANG = re.compile(r"\{mlang\s+(?P<lang>[A-Za-z_-]+)\}(?P<text>.*?)\{mlang\}", re.S)
_ANY = re.compile(f"(?:{_SPAN.pattern})|(?:{_MLANG.pattern.replace('?P<', '?P<m')})", re.S)


def _name(code: str):
    """The language's name, translated when the note is shown (Django's catalogue)."""
    info = LANG_INFO.get(code)
    return _(info["name"]) if info and "name" in info else code


def _code(value: str) -> str:
    """``it``, ``en``, ``fr``, ``ar`` from Moodle's codes (``fr_ca``, ``ar-SA``…)."""
    return value.replace("-", "_").split("_")[0].lower()


def variants(text: str) -> dict[str, str]:
    """{language: text} of a text with variants, in the order of their first
    appearance; ``{}`` for a text without any. Text outside the variants is common to
    every language; a language missing from one run of variants gets that run's first
    variant."""
    if not text or ("multilang" not in text and "{mlang" not in text):
        return {}
    pieces: list[str | dict[str, str]] = []
    position, languages = 0, []
    for match in _ANY.finditer(text):
        lang = match["lang"] or match["mlang"]
        words = match["text"] if match["lang"] else match["mtext"]
        code = _code(lang)
        if code not in languages:
            languages.append(code)
        between = text[position : match.start()]
        if pieces and isinstance(pieces[-1], dict) and not between.strip():
            pieces[-1].setdefault(code, words)  # the same run of variants
        else:
            pieces += [between, {code: words}]
        position = match.end()
    if not languages:
        return {}
    pieces.append(text[position:])
    result = {}
    for code in languages:
        result[code] = "".join(
            piece if isinstance(piece, str) else piece.get(code, next(iter(piece.values())))
            for piece in pieces
        ).strip()
    return result


def _answer_slots(item: ParsedQuestion) -> list[tuple[object, tuple[tuple[str, str], ...]]]:
    """(answer object, ((attribute, translation field), …)) in the order of the answers."""
    if item.qtype == QType.MATCHING:
        return [(pair, (("question", "text"), ("answer", "match"))) for pair in item.pairs]
    if item.qtype == QType.SHORT_ANSWER:
        return [(answer, (("feedback", "feedback"),)) for answer in item.short_answers]
    if item.qtype == QType.NUMERICAL:
        return [(answer, (("feedback", "feedback"),)) for answer in item.numerical_answers]
    return [(choice, (("text", "text"), ("feedback", "feedback"))) for choice in item.choices]


_QUESTION_FIELDS = ("text", "general_feedback", "feedback_true", "feedback_false")


def language_variants_apply(
    item: ParsedQuestion, *, source: str, languages: tuple[str, ...]
) -> dict[str, dict]:
    """Keep the ``source`` variant in every text of ``item`` (in place) and return the
    ``languages`` variants as translation texts: ``{code: {field: text, "answers":
    [{field: text}, …]}}`` (answers in ``item``'s order). Nothing changes, and ``{}``
    is returned, for a question without variants."""
    found: dict[tuple, dict[str, str]] = {}
    for name in _QUESTION_FIELDS:
        found[(name,)] = variants(getattr(item, name))
    slots = _answer_slots(item)
    for number, (answer, pairs) in enumerate(slots):
        for attribute, _field in pairs:
            found[(number, attribute)] = variants(getattr(answer, attribute))
    accepted = [
        variants(answer.text) for answer in item.short_answers if item.qtype == QType.SHORT_ANSWER
    ]
    if not any(found.values()) and not any(accepted):
        return {}
    order: list[str] = []
    for texts in [*found.values(), *accepted]:
        order += [code for code in texts if code not in order]
    first = order[0]
    if source not in order:
        item.notes.append(
            Problem(item.line, NOTE_NO_SOURCE, {"source": _name(source), "first": _name(first)})
        )

    def pick(texts: dict[str, str], code: str) -> str | None:
        return texts.get(code) if code in texts else None

    def source_of(texts: dict[str, str]) -> str:
        return texts.get(source) or texts.get(first) or next(iter(texts.values()))

    translations = {code: {"answers": [{} for _slot in slots]} for code in languages}
    for key, texts in found.items():
        if not texts:
            continue
        for code in languages:
            if code != source and (words := pick(texts, code)) is not None:
                if len(key) == 1:
                    translations[code][key[0]] = words
                else:
                    number, attribute = key
                    field = dict(slots[number][1])[attribute]
                    translations[code]["answers"][number][field] = words
        if len(key) == 1:
            setattr(item, key[0], source_of(texts))
        else:
            setattr(slots[key[0]][0], key[1], source_of(texts))
    if any(accepted):
        for answer, texts in zip(item.short_answers, accepted, strict=True):
            if texts:
                answer.text = source_of(texts)
        item.notes.append(Problem(item.line, NOTE_ACCEPTED_ANSWERS, {"source": _name(source)}))
    translations = {
        code: texts
        for code, texts in translations.items()
        if code != source and (len(texts) > 1 or any(texts["answers"]))
    }
    if translations:
        item.notes.append(
            Problem(
                item.line,
                NOTE_VARIANTS,
                {
                    "source": _name(source),
                    "others": format_lazy(
                        ", ".join("{}" for _code in translations),
                        *(_name(code) for code in sorted(translations)),
                    ),
                },
            )
        )
    return translations
