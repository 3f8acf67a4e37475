"""The quiz storm: N trainees start and submit a 20-question quiz at the same moment.

Each trainee (own session, own connection) opens the quiz page for its CSRF token,
waits at a barrier, then: POST start → the attempt page → POST every answer with
"finish". What the server acknowledged (the attempt number in the start redirect, the
answers sent with a submit that was answered by a redirect to the review) is then
reconciled with the database: nothing acknowledged may be missing (lost) and nothing
may be there twice or without an acknowledgement (duplicated).
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

from .http import Connection, percentile

CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
ATTEMPT_RE = re.compile(r"/quiz/attempt/(\d+)/")
RADIO_RE = re.compile(rb'type="radio" name="q(\d+)" id="[^"]*" value="([^"]+)"')


@dataclass
class Ack:
    """What the server acknowledged to one trainee."""

    user_id: int
    attempt_id: int | None = None
    submitted: bool = False
    answers: dict[int, str] = field(default_factory=dict)
    error: str = ""


def reconcile(acks: list[Ack], attempts: list[dict], answers: list[dict]) -> dict:
    """Compare acknowledgements with the rows written during the storm.

    ``attempts``: dicts with ``id``, ``user_id``, ``submitted`` (bool);
    ``answers``: dicts with ``attempt_id``, ``position``, ``answer`` (only non-empty
    answers). Returns counts of lost and duplicated attempts and answers, and details.
    """
    by_id = {row["id"]: row for row in attempts}
    per_user: dict[int, int] = {}
    for row in attempts:
        per_user[row["user_id"]] = per_user.get(row["user_id"], 0) + 1
    acked_ids = {ack.attempt_id for ack in acks if ack.attempt_id is not None}
    lost_attempts = [
        ack.attempt_id
        for ack in acks
        if ack.attempt_id is not None
        and (
            ack.attempt_id not in by_id
            or by_id[ack.attempt_id]["user_id"] != ack.user_id
            or (ack.submitted and not by_id[ack.attempt_id]["submitted"])
        )
    ]
    # Two attempts for one person in one storm, or a row nobody was told about.
    duplicated_attempts = sorted(
        {row["id"] for row in attempts if per_user[row["user_id"]] > 1}
        | {row["id"] for row in attempts if row["id"] not in acked_ids}
    )
    stored: dict[tuple[int, int], list[str]] = {}
    for row in answers:
        stored.setdefault((row["attempt_id"], row["position"]), []).append(row["answer"])
    lost_answers, duplicated_answers = [], []
    expected: set[tuple[int, int]] = set()
    for ack in acks:
        if ack.attempt_id is None or not ack.submitted:
            continue
        for position, answer in ack.answers.items():
            expected.add((ack.attempt_id, position))
            if stored.get((ack.attempt_id, position), [None])[0] != answer:
                lost_answers.append((ack.attempt_id, position))
    for key, values in stored.items():
        if len(values) > 1 or (key not in expected and key[0] in acked_ids):
            duplicated_answers.append(key)
    return {
        "acknowledged_attempts": len(acked_ids),
        "acknowledged_submissions": sum(1 for ack in acks if ack.submitted),
        "acknowledged_answers": len(expected),
        "db_attempts": len(attempts),
        "db_answers": len(answers),
        "lost_attempts": len(lost_attempts),
        "duplicated_attempts": len(duplicated_attempts),
        "lost_answers": len(lost_answers),
        "duplicated_answers": len(duplicated_answers),
        "examples": {
            "lost_attempts": lost_attempts[:5],
            "duplicated_attempts": duplicated_attempts[:5],
            "lost_answers": lost_answers[:5],
            "duplicated_answers": duplicated_answers[:5],
        },
    }


async def storm(host: str, port: int, quiz_path: str, trainees: list[dict]) -> dict:
    """Run the storm; ``trainees``: dicts with ``user_id`` and ``cookies``."""
    barrier = asyncio.Event()
    ready = 0
    acks = [Ack(user_id=t["user_id"]) for t in trainees]
    start_times: list[float] = []
    submit_times: list[float] = []
    flow_times: list[float] = []
    errors: dict[str, int] = {}

    def fail(ack: Ack, what: str):
        ack.error = what
        errors[what] = errors.get(what, 0) + 1

    async def trainee(index: int):
        nonlocal ready
        ack = acks[index]
        conn = Connection(host, port, trainees[index]["cookies"])
        try:
            page = await conn.request("GET", quiz_path)
            token = CSRF_RE.search(page.body)
            ready += 1
            if ready == len(trainees):
                barrier.set()
            await barrier.wait()
            if page.status != 200 or token is None:
                return fail(ack, f"quiz page {page.status}")
            began = time.perf_counter()
            reply = await conn.request(
                "POST", quiz_path, {"csrfmiddlewaretoken": token.group(1).decode()}
            )
            start_times.append(reply.seconds)
            match = ATTEMPT_RE.search(reply.headers.get("location", ""))
            if reply.status != 302 or match is None:
                return fail(ack, f"start {reply.status}")
            ack.attempt_id = int(match.group(1))
            attempt_path = f"/quiz/attempt/{ack.attempt_id}/"
            form_page = await conn.request("GET", attempt_path)
            if form_page.status != 200:
                return fail(ack, f"attempt page {form_page.status}")
            token = CSRF_RE.search(form_page.body)
            options: dict[int, list[str]] = {}
            for position, key in RADIO_RE.findall(form_page.body):
                options.setdefault(int(position), []).append(key.decode())
            chosen = {position: keys[index % len(keys)] for position, keys in options.items()}
            form = [("csrfmiddlewaretoken", token.group(1).decode() if token else "")]
            # "finish" with "confirm": the summary page's submit button (without
            # "confirm" the attempt page only saves and shows the summary).
            form += [("page", "1"), ("finish", ""), ("confirm", "1")]
            for position, key in sorted(chosen.items()):
                form += [("positions", str(position)), (f"q{position}", key)]
            reply = await conn.request("POST", attempt_path, form)
            submit_times.append(reply.seconds)
            if reply.status != 302 or "/review/" not in reply.headers.get("location", ""):
                return fail(ack, f"submit {reply.status}")
            ack.submitted = True
            ack.answers = chosen
            flow_times.append(time.perf_counter() - began)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            fail(ack, type(error).__name__)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(trainee(i) for i in range(len(trainees))))
    elapsed = time.perf_counter() - started
    return {
        "acks": acks,
        "trainees": len(trainees),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "seconds": round(elapsed, 2),
        "start_p50_ms": _ms(percentile(start_times, 0.5)),
        "start_p95_ms": _ms(percentile(start_times, 0.95)),
        "submit_p50_ms": _ms(percentile(submit_times, 0.5)),
        "submit_p95_ms": _ms(percentile(submit_times, 0.95)),
        "flow_p95_ms": _ms(percentile(flow_times, 0.95)),
        "questions_per_attempt": max((len(a.answers) for a in acks), default=0),
    }


def _ms(value):
    return None if value is None else round(value * 1000, 1)
