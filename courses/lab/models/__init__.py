"""Participatory-lab models, split by stage and re-exported here."""

from .hypotheses import Hypothesis, HypothesisRevision
from .paths import LabGroup, ParticipatoryPath, Stage, StageKind, StageStatus
from .problems import Ballot, Problem, ProblemComment, Vote
from .proposals import (
    Proposal,
    ProposalComment,
    ProposalFollowUp,
    ProposalResponse,
    ProposalRevision,
)
from .recognition import ContributionRecognition

__all__ = [
    "Ballot",
    "ContributionRecognition",
    "Hypothesis",
    "HypothesisRevision",
    "LabGroup",
    "ParticipatoryPath",
    "Problem",
    "ProblemComment",
    "Proposal",
    "ProposalComment",
    "ProposalFollowUp",
    "ProposalResponse",
    "ProposalRevision",
    "Stage",
    "StageKind",
    "StageStatus",
    "Vote",
]
