"""The personal-data export of quizzes: a trainee's attempts and answers; a trainer's
grades and feedback given, questions written and translated."""

from lms.accounts.names import person_reference


def assessments_personal_data(user) -> dict:
    from .models import Attempt, Question, QuestionTranslation, Response

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
        ],
        "grades_given": [
            {
                "learner": person_reference(r.attempt.user),
                "quiz": r.attempt.quiz.title,
                "question": r.version.data["name"],
                "score": str(r.score) if r.score is not None else None,
                "feedback": r.feedback,
                "graded_at": iso(r.graded_at),
            }
            for r in Response.objects.filter(graded_by=user).select_related(
                "attempt__user", "attempt__quiz", "version"
            )
        ],
        "questions_written": [
            {"name": q.name, "created_at": iso(q.created_at)}
            for q in Question.objects.filter(created_by=user).order_by("pk")
        ],
        "questions_translated": [
            {"question": t.question.name, "language": t.language, "updated_at": iso(t.updated_at)}
            for t in QuestionTranslation.objects.filter(translated_by=user).select_related(
                "question"
            )
        ],
    }
