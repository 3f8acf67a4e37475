"""The quiz storm's reconciliation finds every lost and every duplicated record."""

from bench.http import percentile
from bench.storm import Ack, reconcile


def _acks():
    return [
        Ack(user_id=1, attempt_id=10, submitted=True, answers={1: "a", 2: "b"}),
        Ack(user_id=2, attempt_id=11, submitted=True, answers={1: "c", 2: "d"}),
    ]


def _db():
    attempts = [
        {"id": 10, "user_id": 1, "submitted": True},
        {"id": 11, "user_id": 2, "submitted": True},
    ]
    answers = [
        {"attempt_id": 10, "position": 1, "answer": "a"},
        {"attempt_id": 10, "position": 2, "answer": "b"},
        {"attempt_id": 11, "position": 1, "answer": "c"},
        {"attempt_id": 11, "position": 2, "answer": "d"},
    ]
    return attempts, answers


def _problems(result):
    return {
        key: result[key]
        for key in ("lost_attempts", "duplicated_attempts", "lost_answers", "duplicated_answers")
    }


def test_everything_acknowledged_is_there_once():
    attempts, answers = _db()
    result = reconcile(_acks(), attempts, answers)
    assert _problems(result) == dict.fromkeys(_problems(result), 0)
    assert result["acknowledged_answers"] == result["db_answers"] == 4


def test_lost_attempt_and_its_answers():
    attempts, answers = _db()
    attempts = attempts[:1]
    answers = [a for a in answers if a["attempt_id"] == 10]
    result = reconcile(_acks(), attempts, answers)
    assert result["lost_attempts"] == 1
    assert result["lost_answers"] == 2
    assert result["duplicated_attempts"] == 0


def test_submission_acknowledged_but_not_stored_is_lost():
    attempts, answers = _db()
    attempts[1]["submitted"] = False
    assert reconcile(_acks(), attempts, answers)["lost_attempts"] == 1


def test_changed_or_missing_answer_is_lost():
    attempts, answers = _db()
    answers[0]["answer"] = "z"
    del answers[3]
    assert reconcile(_acks(), attempts, answers)["lost_answers"] == 2


def test_second_attempt_for_one_person_is_duplicated():
    attempts, answers = _db()
    attempts.append({"id": 12, "user_id": 1, "submitted": False})
    result = reconcile(_acks(), attempts, answers)
    assert result["duplicated_attempts"] == 2  # both rows of that person are suspect
    assert result["lost_attempts"] == 0


def test_duplicated_answer_rows_are_found():
    attempts, answers = _db()
    answers.append({"attempt_id": 11, "position": 2, "answer": "d"})
    result = reconcile(_acks(), attempts, answers)
    assert result["duplicated_answers"] == 1
    assert result["lost_answers"] == 0


def test_answer_nobody_sent_is_duplicated():
    attempts, answers = _db()
    answers.append({"attempt_id": 10, "position": 3, "answer": "x"})
    assert reconcile(_acks(), attempts, answers)["duplicated_answers"] == 1


def test_unacknowledged_start_counts_as_duplicate_not_loss():
    attempts, answers = _db()
    acks = _acks()
    acks[1] = Ack(user_id=2, error="start 500")
    result = reconcile(acks, attempts, answers)
    assert result["duplicated_attempts"] == 1
    assert result["lost_attempts"] == 0


def test_percentile_nearest_rank():
    values = [i / 1000 for i in range(1, 101)]
    assert percentile(values, 0.5) == 0.05
    assert percentile(values, 0.95) == 0.095
    assert percentile([], 0.95) is None
