""" "Your proposal got a response" for ``lms.notifications`` (``NOTIFICATIONS_DUE``)."""

from __future__ import annotations

from datetime import timedelta

from lms import hooks as lms_hooks

from .models import ProposalResponse

#: A response older than this is not announced any more (the worker was stopped).
RECENT = timedelta(days=7)


def proposal_responses_due(*, now) -> list[lms_hooks.DueNotification]:
    """Each member of a group whose proposal got a response in the last week, except
    the official who gave it (two queries)."""
    responses = (
        ProposalResponse.objects.filter(created_at__gt=now - RECENT, created_at__lte=now)
        .select_related("proposal__group")
        .prefetch_related("proposal__group__members__profile")
    )
    return [
        lms_hooks.DueNotification(
            user=member,
            kind="proposal_response",
            key=f"proposal-response-{response.pk}",
            url_name="courses:lab:proposal",
            url_kwargs={"path_pk": response.proposal.path_id, "pk": response.proposal_id},
        )
        for response in responses
        for member in response.proposal.group.members.all()
        if member.pk != response.author_id
    ]
