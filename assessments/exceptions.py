"""Domain exceptions of the assessments app; ``message`` is for the person."""

from django.utils.translation import gettext_lazy as _


class AssessmentError(Exception):
    """Base class: a rule of the quiz stops the action."""

    message = _("This action is not possible.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class QuizNotOpen(AssessmentError):
    message = _("This quiz is not open.")


class NoAttemptsLeft(AssessmentError):
    message = _("You have used all the attempts allowed for this quiz.")


class QuizHasNoQuestions(AssessmentError):
    message = _("This quiz has no questions yet.")


class AttemptNotOpen(AssessmentError):
    message = _("This attempt is already finished: answers can no longer change.")


class TimeIsUp(AssessmentError):
    message = _("Time is up: answers sent after the time limit do not count.")


class GradingError(AssessmentError):
    message = _("This answer cannot be graded.")
