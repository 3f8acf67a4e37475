"""Assessment models, split by concern and re-exported here.

Competencies (frameworks, scales, alignments), evidence and ratings, and the
training-needs self-assessments.
"""

from .competencies import (
    Competency,
    CompetencyAlignment,
    CompetencyFramework,
    ProficiencyScale,
    RuleType,
    ScaleLevel,
)
from .evidence import CompetencyRating, Evidence, EvidenceKind, PriorLearningClaim
from .self_assessments import (
    LIKERT_CHOICES,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentItem,
    SelfAssessmentResponse,
)

__all__ = [
    "LIKERT_CHOICES",
    "Competency",
    "CompetencyAlignment",
    "CompetencyFramework",
    "CompetencyRating",
    "Evidence",
    "EvidenceKind",
    "PriorLearningClaim",
    "ProficiencyScale",
    "RuleType",
    "ScaleLevel",
    "SelfAssessment",
    "SelfAssessmentAnswer",
    "SelfAssessmentItem",
    "SelfAssessmentResponse",
]
