"""Helpers shared by the assessments tests."""

from django.utils import translation

from assessments.answer_tokens import mask_for
from assessments.grading import matching_stems, matching_targets


def it(message: str, plural: str | None = None, count: int | None = None, **params) -> str:
    """``message`` as an Italian page shows it (pages without a prefix are Italian)."""
    with translation.override("it"):
        if plural is not None:
            text = translation.ngettext(message, plural, count)
        else:
            text = translation.gettext(message)
    return text % params if params else text


def right_answer(response):
    """The JSON answer that earns full marks for ``response``'s question version."""
    data = response.version.data
    qtype = data["qtype"]
    answers = data["answers"]
    if qtype == "single_choice":
        return max(answers, key=lambda a: float(a["fraction"]))["key"]
    if qtype == "multiple_response":
        return sorted(a["key"] for a in answers if float(a["fraction"]) > 0)
    if qtype == "true_false":
        return "true" if data["correct"] else "false"
    if qtype == "short_answer":
        return next(a["text"] for a in answers if float(a["fraction"]) == 1)
    if qtype == "numerical":
        return answers[0]["value"]
    if qtype == "matching":
        targets = {t["match"]: t["key"] for t in matching_targets(data)}
        return {stem["key"]: targets[stem["match"]] for stem in matching_stems(data)}
    if qtype == "ordering":
        return [a["key"] for a in answers]
    if qtype == "essay":
        return "Ascolto, riformulo, faccio domande aperte."
    return None


def form_data(response, answer) -> dict:
    """POST data a browser would send for ``answer`` to ``response`` (the form names
    choices by the attempt's opaque tokens, see ``assessments.answer_tokens``)."""
    data = response.version.data
    token = mask_for(response).token
    field = f"q{response.position}"
    post = {"positions": [str(response.position)]}
    if answer is None:
        return post
    if data["qtype"] == "matching":
        post.update(
            {
                f"{field}-{token('stem', stem)}": token("target", target)
                for stem, target in answer.items()
            }
        )
    elif data["qtype"] == "ordering":
        post.update(
            {f"{field}-{token('item', key)}": str(rank) for rank, key in enumerate(answer, 1)}
        )
    elif data["qtype"] == "multiple_response":
        post[field] = [token("option", key) for key in answer]
    elif data["qtype"] in {"single_choice", "true_false", "likert"}:
        post[field] = token("option", answer)
    else:
        post[field] = answer
    return post


def merge(*posts) -> dict:
    merged: dict = {}
    for post in posts:
        for key, value in post.items():
            if key == "positions":
                merged.setdefault("positions", []).extend(value)
            else:
                merged[key] = value
    return merged


def on_attempt_graded(monkeypatch, callback) -> None:
    """Call ``callback(attempt)`` each time grading hands a graded attempt to the
    competency evidence service, which still runs."""
    from assessments.services import attempts

    record = attempts.attempt_evidence_record

    def spy(*, attempt, responses):
        callback(attempt)
        return record(attempt=attempt, responses=responses)

    monkeypatch.setattr(attempts, "attempt_evidence_record", spy)
