"""Domain errors of the lab, each with a message a person can act on."""

from django.core.exceptions import PermissionDenied, ValidationError


class LabError(ValidationError):
    """Something the lab refuses to do, for a reason the person can fix or understand."""


class StageNotOpen(LabError):
    """The stage this needs is not open."""


class VoteLimitReached(LabError):
    """The participant has used all their votes."""


class NotAllowed(PermissionDenied):
    """The person's role in the path does not allow this."""


class EditConflict(LabError):
    """Someone saved the text after this editor opened it.

    ``current`` is the object as saved now (their version), ``mine`` the texts this
    editor tried to save; ``revision`` the refused attempt, kept so nothing is lost.
    """

    def __init__(self, message, *, current, mine: dict, revision=None):
        super().__init__(message)
        self.current = current
        self.mine = mine
        self.revision = revision
