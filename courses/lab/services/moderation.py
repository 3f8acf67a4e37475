"""Hiding with a reason, and undoing it: nothing is deleted silently."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import LabError
from ..models.moderation import Moderated
from .stages import require_moderator


def path_of(item: Moderated):
    """The participatory path an item belongs to, whatever its kind."""
    for attribute in ("path", "problem", "proposal"):
        related = getattr(item, attribute, None)
        if related is not None:
            return related if attribute == "path" else path_of(related)
    raise LookupError(item)


@transaction.atomic
def item_hide(*, item: Moderated, user, reason: str) -> Moderated:
    """Hide ``item`` from participants, saying why (facilitators)."""
    require_moderator(user, path_of(item))
    reason = reason.strip()
    if not reason:
        raise LabError(_("Say why you hide it: participants will read the reason."))
    item.hidden_at = timezone.now()
    item.hidden_by = user
    item.hidden_reason = reason
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return item


@transaction.atomic
def item_unhide(*, item: Moderated, user) -> Moderated:
    """Show a hidden item again (facilitators)."""
    require_moderator(user, path_of(item))
    item.hidden_at = None
    item.hidden_by = None
    item.hidden_reason = ""
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return item
