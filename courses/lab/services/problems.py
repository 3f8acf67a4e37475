"""Problems: posting, commenting, merging duplicates, selecting, and the fair vote."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..access import access_for
from ..exceptions import LabError, NotAllowed, VoteLimitReached
from ..models import Ballot, ParticipatoryPath, Problem, ProblemComment, StageKind, Vote
from .stages import require_moderator, require_open_stage


def _require_participant(user, path: ParticipatoryPath):
    access = access_for(user, path)
    if not access.is_participant:
        raise NotAllowed(_("Only the participants of this path can do this."))
    return access


@transaction.atomic
def problem_create(
    *,
    path: ParticipatoryPath,
    author,
    title: str,
    description: str,
    where: str,
    who_is_affected: str,
    attachment: UploadedFile | None = None,
) -> Problem:
    """Post a local problem while the problems stage is open."""
    _require_participant(author, path)
    require_open_stage(path, StageKind.PROBLEMS)
    problem = Problem(
        path=path,
        author=author,
        title=title.strip(),
        description=description.strip(),
        where=where.strip(),
        who_is_affected=who_is_affected.strip(),
    )
    if attachment:
        problem.attachment = attachment
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def problem_comment_create(*, problem: Problem, author, body: str) -> ProblemComment:
    """Comment on a problem (participants and facilitators; not on hidden problems)."""
    access = access_for(author, problem.path)
    if not (access.is_participant or access.can_moderate):
        raise NotAllowed(_("Only the people of this path can comment."))
    if problem.is_hidden:
        raise LabError(_("This problem is hidden: it cannot be commented on."))
    comment = ProblemComment(problem=problem, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    Problem.objects.filter(pk=problem.pk).update(comment_count=F("comment_count") + 1)
    return comment


@transaction.atomic
def vote_cast(*, problem: Problem, user) -> Vote:
    """Give one of ``user``'s votes to ``problem``.

    The ballot row is incremented with a conditional UPDATE (``used < allowed``) in
    the same transaction as the vote, and a check constraint backs it up, so no
    interleaving of requests can give anyone more than N votes.
    """
    path = problem.path
    _require_participant(user, path)
    require_open_stage(path, StageKind.PROBLEMS)
    if problem.is_hidden or problem.merged_into_id:
        raise LabError(_("This problem cannot receive votes."))
    ballot, _created = Ballot.objects.get_or_create(
        path=path, user=user, defaults={"allowed": path.votes_per_participant}
    )
    if Vote.objects.filter(ballot=ballot, problem=problem).exists():
        raise LabError(_("You have already voted for this problem."))
    if not Ballot.objects.filter(pk=ballot.pk, used__lt=F("allowed")).update(used=F("used") + 1):
        raise VoteLimitReached(
            ngettext(
                "You have used your %(count)s vote. Take it back to vote for this problem.",
                "You have used all your %(count)s votes. Take one back to vote for this problem.",
                ballot.allowed,
            )
            % {"count": ballot.allowed}
        )
    try:
        with transaction.atomic():
            vote = Vote.objects.create(ballot=ballot, problem=problem)
    except IntegrityError:  # the same vote sent twice at once
        raise LabError(_("You have already voted for this problem.")) from None
    Problem.objects.filter(pk=problem.pk).update(vote_count=F("vote_count") + 1)
    return vote


@transaction.atomic
def vote_withdraw(*, problem: Problem, user) -> None:
    """Take back ``user``'s vote on ``problem`` while voting is open."""
    require_open_stage(problem.path, StageKind.PROBLEMS)
    ballot = Ballot.objects.select_for_update().filter(path_id=problem.path_id, user=user).first()
    if ballot is None:
        raise LabError(_("You have not voted for this problem."))
    deleted, _details = Vote.objects.filter(ballot=ballot, problem=problem).delete()
    if not deleted:
        raise LabError(_("You have not voted for this problem."))
    Ballot.objects.filter(pk=ballot.pk).update(used=F("used") - 1)
    Problem.objects.filter(pk=problem.pk).update(vote_count=F("vote_count") - 1)


@transaction.atomic
def problem_merge(*, duplicate: Problem, into: Problem, user) -> Problem:
    """Merge ``duplicate`` into ``into`` (facilitators).

    Votes move to ``into``; a participant who voted for both gets the second vote
    back. The duplicate stays readable, marked as merged, with its comments.
    """
    require_moderator(user, duplicate.path)
    if duplicate.pk == into.pk:
        raise LabError(_("A problem cannot be merged into itself."))
    if duplicate.path_id != into.path_id:
        raise LabError(_("Both problems must belong to the same path."))
    problems = {
        p.pk: p for p in Problem.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
    }
    duplicate, into = problems[duplicate.pk], problems[into.pk]
    if duplicate.merged_into_id or into.merged_into_id:
        raise LabError(_("One of these problems has already been merged."))
    both = Vote.objects.filter(problem=duplicate, ballot__votes__problem=into)
    returned_ballots = list(both.values_list("ballot_id", flat=True))
    Vote.objects.filter(problem=duplicate, ballot_id__in=returned_ballots).delete()
    Ballot.objects.filter(pk__in=returned_ballots).update(used=F("used") - 1)
    Vote.objects.filter(problem=duplicate).update(problem=into)
    counts = dict(
        Vote.objects.filter(problem__in=[duplicate, into])
        .values("problem")
        .annotate(n=Count("pk"))
        .values_list("problem", "n")
    )
    duplicate.merged_into = into
    duplicate.vote_count = counts.get(duplicate.pk, 0)
    duplicate.save(update_fields=["merged_into", "vote_count"])
    into.vote_count = counts.get(into.pk, 0)
    into.selected = into.selected or duplicate.selected
    into.save(update_fields=["vote_count", "selected"])
    Problem.objects.filter(merged_into=duplicate).update(merged_into=into)
    return into


@transaction.atomic
def problem_select(*, problem: Problem, user, selected: bool = True) -> Problem:
    """Select (or unselect) a problem for the groups to work on (facilitators)."""
    require_moderator(user, problem.path)
    if selected and (problem.is_hidden or problem.merged_into_id):
        raise LabError(_("A hidden or merged problem cannot be selected."))
    problem.selected = selected
    problem.save(update_fields=["selected"])
    return problem
