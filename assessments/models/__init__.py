"""Models of the assessments app, split by concern and re-exported here.

Lower modules never import higher ones: rubrics → questions → quizzes → attempts.
"""

from .attempts import Attempt, Response, RubricScore
from .questions import (
    AUTO_GRADED,
    PATH_SEPARATOR_CHAR,
    UNGRADED,
    Question,
    QuestionAnswer,
    QuestionCategory,
    QuestionTag,
    QuestionType,
    QuestionVersion,
    TextFormatChoices,
)
from .quizzes import GRACE, GradingMethod, QuizPage, QuizSlot, ReviewWhen
from .rubrics import Rubric, RubricCriterion, RubricLevel

__all__ = [
    "AUTO_GRADED",
    "PATH_SEPARATOR_CHAR",
    "GRACE",
    "UNGRADED",
    "Attempt",
    "GradingMethod",
    "Question",
    "QuestionAnswer",
    "QuestionCategory",
    "QuestionTag",
    "QuestionType",
    "QuestionVersion",
    "QuizPage",
    "QuizSlot",
    "Response",
    "ReviewWhen",
    "Rubric",
    "RubricCriterion",
    "RubricLevel",
    "RubricScore",
    "TextFormatChoices",
]
