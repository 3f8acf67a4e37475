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
    ``merged`` puts each field together: their text where only they changed it, mine
    where only I did, mine where we both did (those fields are in ``clashes``, and the
    page shows their text beside mine).
    """

    def __init__(self, message, *, current, mine: dict, merged=None, clashes=None, revision=None):
        super().__init__(message)
        self.current = current
        self.mine = mine
        self.merged = merged if merged is not None else dict(mine)
        self.clashes = (
            set(clashes)
            if clashes is not None
            else {name for name, text in mine.items() if getattr(current, name) != text}
        )
        self.revision = revision
