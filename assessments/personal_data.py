"""The trainee's part of the personal-data export: quiz attempts and their answers."""


def assessments_personal_data(user) -> dict:
    from .models import Attempt, Response

    def iso(value):
        return value.isoformat() if value else None

    responses: dict[int, list] = {}
    for response in Response.objects.filter(attempt__user=user).select_related("version"):
        responses.setdefault(response.attempt_id, []).append(
            {
                "question": response.version.data["name"],
                "answer": response.answer,
                "score": str(response.score) if response.score is not None else None,
                "max_score": str(response.max_score),
                "trainer_feedback": response.feedback,
            }
        )
    return {
        "quiz_attempts": [
            {
                "quiz": attempt.quiz.title,
                "number": attempt.number,
                "state": attempt.state,
                "started_at": iso(attempt.started_at),
                "submitted_at": iso(attempt.submitted_at),
                "score": str(attempt.score) if attempt.score is not None else None,
                "max_score": str(attempt.max_score),
                "responses": responses.get(attempt.pk, []),
            }
            for attempt in Attempt.objects.filter(user=user).select_related("quiz")
        ]
    }
