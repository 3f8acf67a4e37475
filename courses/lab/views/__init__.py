"""Pages of the participatory lab, one module per part of a path (as its models and
services are), one view per thing a person does. Each view loads the path, works out
the person's role in it (``access_for``: people outside the path get 404), refuses
what that role may not do (403), then hands over to a selector (reads) or a service
(writes)."""

from .hypotheses import hypothesis_detail, hypothesis_history, hypothesis_list, hypothesis_new
from .moderation import item_hide, item_unhide
from .paths import path_detail, path_list, stage_close, stage_open
from .problems import (
    problem_attachment,
    problem_detail,
    problem_list,
    problem_merge,
    problem_new,
    problem_select,
    problem_vote,
    problem_vote_withdraw,
)
from .proposals import (
    proposal_comment,
    proposal_detail,
    proposal_edit,
    proposal_follow_up,
    proposal_history,
    proposal_list,
    proposal_new,
    proposal_pdf,
    proposal_publish,
    proposal_respond,
    proposal_submit,
    proposal_unpublish,
    territory_public,
)
from .recognition import recognise

__all__ = [
    "hypothesis_detail",
    "hypothesis_history",
    "hypothesis_list",
    "hypothesis_new",
    "item_hide",
    "item_unhide",
    "path_detail",
    "path_list",
    "problem_attachment",
    "problem_detail",
    "problem_list",
    "problem_merge",
    "problem_new",
    "problem_select",
    "problem_vote",
    "problem_vote_withdraw",
    "proposal_comment",
    "proposal_detail",
    "proposal_edit",
    "proposal_follow_up",
    "proposal_history",
    "proposal_list",
    "proposal_new",
    "proposal_pdf",
    "proposal_publish",
    "proposal_respond",
    "proposal_submit",
    "proposal_unpublish",
    "recognise",
    "stage_close",
    "stage_open",
    "territory_public",
]
