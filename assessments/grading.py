"""Reading answers from a form and marking them against a question snapshot.

Pure functions over snapshot dicts (see :mod:`assessments.snapshots`): no queries.
A mark is a *fraction* from 0 to 1 of the question's maximum score, or ``None`` when
the question is not marked automatically (essay) or not at all (description, Likert).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lms.numbers import parse_number  # re-exported: a typed answer is read like any typed number

ZERO = Decimal(0)
ONE = Decimal(1)

CHOICE_TYPES = {"single_choice", "multiple_response", "likert"}
TRUE_FALSE_KEYS = ("true", "false")


def _fraction(answer: dict) -> Decimal:
    return Decimal(answer["fraction"] or 0)


def answer_keys(data: dict) -> list[str]:
    """The keys a form may offer for the question (the shuffle applies to these)."""
    qtype = data["qtype"]
    if qtype == "true_false":
        return list(TRUE_FALSE_KEYS)
    if qtype in CHOICE_TYPES or qtype == "ordering":
        return [answer["key"] for answer in data["answers"]]
    if qtype == "matching":
        return [answer["key"] for answer in matching_targets(data)]
    return []


def matching_targets(data: dict) -> list[dict]:
    """The distinct answers of a matching question (first pair of each answer text)."""
    seen, targets = set(), []
    for answer in data["answers"]:
        if answer["match"] not in seen:
            seen.add(answer["match"])
            targets.append(answer)
    return targets


def matching_stems(data: dict) -> list[dict]:
    """The sub-questions of a matching question (pairs without text are distractors)."""
    return [answer for answer in data["answers"] if answer["text"]]


def answer_from_post(data: dict, post, prefix: str, mask=None):
    """The JSON answer for one question from submitted form data, ``None`` if blank.

    Unknown keys are dropped, so a forged form cannot store anything the question
    does not offer. ``mask`` (``answer_tokens.KeyMask``) turns the opaque names and
    values the form showed back into keys; without it the form uses the keys.
    """
    from .answer_tokens import IdentityMask

    mask = mask or IdentityMask()
    qtype = data["qtype"]
    keys = answer_keys(data)
    if qtype in {"single_choice", "true_false", "likert"}:
        return mask.key("option", post.get(prefix, ""), keys)
    if qtype == "multiple_response":
        values = {mask.key("option", value, keys) for value in post.getlist(prefix)}
        return sorted(values - {None}) or None
    if qtype in {"short_answer", "numerical", "essay"}:
        value = post.get(prefix, "")
        limit = 20000 if qtype == "essay" else 500
        value = value.strip()[:limit]
        return value or None
    if qtype == "matching":
        chosen = {}
        for stem in matching_stems(data):
            value = post.get(f"{prefix}-{mask.token('stem', stem['key'])}", "")
            target = mask.key("target", value, keys)
            if target is not None:
                chosen[stem["key"]] = target
        return chosen or None
    if qtype == "ordering":
        ranks = []
        for key in keys:
            try:
                rank = int(post.get(f"{prefix}-{mask.token('item', key)}", ""))
            except ValueError:
                return None
            ranks.append((rank, key))
        if len({rank for rank, _key in ranks}) != len(ranks):
            return None
        return [key for _rank, key in sorted(ranks)]
    return None


def wildcard_match(pattern: str, text: str, case_sensitive: bool) -> bool:
    """Whether ``text`` matches ``pattern`` as a whole, ``*`` standing for any run of characters.

    Linear in ``len(text)`` times the number of segments, whatever the pattern: the segments between
    the stars are searched greedily left to right (the leftmost place each one fits is never worse
    than a later one), so no backtracking regular expression is ever built from a trainer's text.
    """
    if not case_sensitive:
        pattern, text = pattern.lower(), text.lower()
    segments = pattern.split("*")
    if len(segments) == 1:
        return text == pattern
    first, *middle, last = segments
    if len(first) + len(last) > len(text) or not text.startswith(first) or not text.endswith(last):
        return False
    position, end = len(first), len(text) - len(last)
    for segment in middle:
        found = text.find(segment, position, end)
        if found < 0:
            return False
        position = found + len(segment)
    return True


def matched_answer(data: dict, answer) -> dict | None:
    """For short-answer and numerical questions, the accepted answer that matched."""
    if answer is None:
        return None
    best = None
    if data["qtype"] == "short_answer":
        normal = " ".join(str(answer).split())
        for option in data["answers"]:
            if wildcard_match(option["text"], normal, data["case_sensitive"]) and (
                best is None or _fraction(option) > _fraction(best)
            ):
                best = option
    elif data["qtype"] == "numerical":
        number = parse_number(str(answer))
        if number is None:
            return None
        for option in data["answers"]:
            if option["value"] is None:
                hit = True
            else:
                hit = abs(number - Decimal(option["value"])) <= Decimal(option["tolerance"] or 0)
            if hit and (best is None or _fraction(option) > _fraction(best)):
                best = option
    return best


def grade(data: dict, answer) -> Decimal | None:
    """The fraction of full marks ``answer`` earns, ``None`` if not auto-marked."""
    qtype = data["qtype"]
    if qtype in {"essay", "description", "likert"}:
        return None
    if answer is None:
        return ZERO
    by_key = {option["key"]: option for option in data["answers"]}
    if qtype == "single_choice":
        option = by_key.get(answer)
        return max(ZERO, _fraction(option)) if option else ZERO
    if qtype == "multiple_response":
        total = sum((_fraction(by_key[key]) for key in answer if key in by_key), ZERO)
        return min(ONE, max(ZERO, total))
    if qtype == "true_false":
        return ONE if (answer == "true") == bool(data["correct"]) else ZERO
    if qtype in {"short_answer", "numerical"}:
        option = matched_answer(data, answer)
        return max(ZERO, _fraction(option)) if option else ZERO
    if qtype == "matching":
        stems = matching_stems(data)
        if not stems or not isinstance(answer, dict):
            return ZERO
        right = sum(
            1
            for stem in stems
            if (chosen := by_key.get(answer.get(stem["key"]))) and chosen["match"] == stem["match"]
        )
        return Decimal(right) / len(stems)
    if qtype == "ordering":
        correct = [option["key"] for option in data["answers"]]
        if not correct or not isinstance(answer, list):
            return ZERO
        right = sum(
            1 for given, expected in zip(answer, correct, strict=False) if given == expected
        )
        return Decimal(right) / len(correct)
    return ZERO


def feedback_for(data: dict, answer) -> list[tuple[str, str]]:
    """The per-answer feedback texts (with their formats) that ``answer`` earns."""
    qtype = data["qtype"]
    if answer is None:
        return []
    by_key = {option["key"]: option for option in data["answers"]}
    options: list[dict] = []
    if qtype in {"single_choice", "likert"}:
        options = [by_key[answer]] if answer in by_key else []
    elif qtype == "multiple_response":
        options = [by_key[key] for key in answer if key in by_key]
    elif qtype == "true_false":
        side = "true" if answer == "true" else "false"
        text = data[f"feedback_{side}"]
        return [(text, data[f"feedback_{side}_format"])] if text else []
    elif qtype in {"short_answer", "numerical"}:
        option = matched_answer(data, answer)
        options = [option] if option else []
    return [
        (option["feedback"], option["feedback_format"]) for option in options if option["feedback"]
    ]


def correct_answer_texts(data: dict) -> list[str]:
    """Human-readable correct answers, for the review when the quiz allows it."""
    qtype = data["qtype"]
    answers = data["answers"]
    if qtype == "single_choice":
        best = max(answers, key=_fraction, default=None)
        return [best["text"]] if best else []
    if qtype == "multiple_response":
        return [option["text"] for option in answers if _fraction(option) > 0]
    if qtype == "true_false":
        return [str(_("True") if data["correct"] else _("False"))]
    if qtype == "short_answer":
        return [option["text"] for option in answers if _fraction(option) == ONE][:1]
    if qtype == "numerical":
        texts = []
        for option in answers:
            if _fraction(option) == ONE and option["value"] is not None:
                tolerance = Decimal(option["tolerance"] or 0)
                texts.append(option["value"] + (f" ± {option['tolerance']}" if tolerance else ""))
        return texts[:1]
    if qtype == "matching":
        return [f"{stem['text']} → {stem['match']}" for stem in matching_stems(data)]
    if qtype == "ordering":
        return [option["text"] for option in answers]
    return []
