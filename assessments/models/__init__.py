"""Models of the assessments app, split by concern and re-exported here.

Lower modules never import higher ones: rubrics → questions → quizzes → attempts.
Competencies: competencies → evidence, self_assessments (independent of the quiz
modules; alignments to questions and rubric criteria point at them by name).
"""

from .attempts import Attempt, Response, RubricScore
from .competencies import (
    Competency,
    CompetencyAlignment,
    CompetencyFramework,
    ProficiencyScale,
    RuleType,
    ScaleLevel,
)
from .evidence import CompetencyRating, Evidence, EvidenceKind, PeerRater, PriorLearningClaim
from .focus_groups import (
    FocusGroup,
    FocusGroupQuote,
    FocusGroupRating,
    Priority,
    TrainingPlanLink,
)
from .question_translations import QuestionTranslation
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
from .self_assessments import (
    LIKERT_CHOICES,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentItem,
    SelfAssessmentResponse,
)

__all__ = [
    "AUTO_GRADED",
    "LIKERT_CHOICES",
    "PATH_SEPARATOR_CHAR",
    "GRACE",
    "UNGRADED",
    "Attempt",
    "Competency",
    "CompetencyAlignment",
    "CompetencyFramework",
    "CompetencyRating",
    "Evidence",
    "EvidenceKind",
    "FocusGroup",
    "FocusGroupQuote",
    "FocusGroupRating",
    "Priority",
    "TrainingPlanLink",
    "GradingMethod",
    "PeerRater",
    "PriorLearningClaim",
    "ProficiencyScale",
    "Question",
    "QuestionAnswer",
    "QuestionCategory",
    "QuestionTag",
    "QuestionTranslation",
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
    "RuleType",
    "ScaleLevel",
    "SelfAssessment",
    "SelfAssessmentAnswer",
    "SelfAssessmentItem",
    "SelfAssessmentResponse",
    "TextFormatChoices",
]
