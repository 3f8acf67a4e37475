"""Writes of the participatory lab. Each service checks the person's role and the
stage, validates, saves inside one transaction and raises a domain error from
``courses.lab.exceptions`` with a message a person can act on."""

from .hypotheses import hypothesis_create, hypothesis_update
from .moderation import item_hide, item_unhide
from .problems import (
    problem_comment_create,
    problem_create,
    problem_merge,
    problem_select,
    vote_cast,
    vote_withdraw,
)
from .proposals import (
    follow_up_record,
    proposal_comment_create,
    proposal_create,
    proposal_respond,
    proposal_set_public,
    proposal_submit,
    proposal_update,
)
from .recognition import contribution_recognise
from .stages import stage_close, stage_open, stages_follow_dates

__all__ = [
    "contribution_recognise",
    "follow_up_record",
    "hypothesis_create",
    "hypothesis_update",
    "item_hide",
    "item_unhide",
    "problem_comment_create",
    "problem_create",
    "problem_merge",
    "problem_select",
    "proposal_comment_create",
    "proposal_create",
    "proposal_respond",
    "proposal_set_public",
    "proposal_submit",
    "proposal_update",
    "stage_close",
    "stage_open",
    "stages_follow_dates",
    "vote_cast",
    "vote_withdraw",
]
