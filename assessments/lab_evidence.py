"""The participatory lab's contributions as competency evidence.

The lab (``courses.lab``) cannot import ``assessments``; it asks through the
``LAB_COMPETENCY_OPTIONS`` and ``LAB_CONTRIBUTION_RECOGNISED`` hooks (``lms.hooks``).
This module answers; ``assessments/wagtail_hooks.py`` registers it:

* ``lab_competency_options(path)`` lists the competencies aligned with the path's
  courses — the workshop course when the path names one, otherwise every course of
  its cohort — or with the cohort's workshop sessions, each with the levels of its
  framework's scale;
* ``record_recognition(recognition)`` turns a facilitator's recognition into an
  observation (``source`` = the contribution's reference) and recomputes the rating.
  It runs inside the lab's transaction, so a refusal rolls the recognition back.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.lab.exceptions import LabError
from lms.hooks import CompetencyOption

from .competencies import services
from .competencies.exceptions import CompetencyError
from .models import Competency, CompetencyAlignment, EvidenceKind


def _course_ids(path) -> list[int]:
    if path.course_id:
        return [path.course_id]
    return list(path.cohort.courses.values_list("pk", flat=True))


def lab_competency_options(path) -> list[CompetencyOption]:
    """Competencies a contribution to ``path`` can be evidence for, in framework and
    tree order. Four queries, whatever the number of courses, pages or competencies."""
    tree_paths = list(Page.objects.filter(pk__in=_course_ids(path)).values_list("path", flat=True))
    under_courses = Q()
    for tree_path in tree_paths:
        under_courses |= Q(page__path__startswith=tree_path)
    aligned = CompetencyAlignment.objects.filter(
        under_courses | Q(session__cohort_id=path.cohort_id)
    ).values("competency_id")
    competencies = (
        Competency.objects.filter(pk__in=aligned)
        .select_related("framework__scale")
        .prefetch_related("framework__scale__levels")
        .order_by("framework__idnumber", "sort_order", "idnumber")
    )
    return [
        CompetencyOption(
            competency.pk,
            competency.display_name,
            tuple(
                (number, level.display_name)
                for number, level in enumerate(competency.framework.scale.level_list(), 1)
            ),
        )
        for competency in competencies
    ]


def _contribution_title(reference: str) -> str:
    """The title of ``lab.<kind>:<pk>`` (problem, hypothesis or proposal), or ""."""
    from courses.lab.models import Hypothesis, Problem, Proposal

    models = {"lab.problem": Problem, "lab.hypothesis": Hypothesis, "lab.proposal": Proposal}
    kind, _sep, pk = reference.partition(":")
    model = models.get(kind)
    if model is None or not pk.isdigit():
        return ""
    return model.objects.filter(pk=int(pk)).values_list("title", flat=True).first() or ""


def record_recognition(recognition):
    """Evidence for the recognised contribution: an observation at the chosen level,
    recorded by the facilitator, then the learner's rating is recomputed."""
    competency = (
        Competency.objects.select_related("framework__scale")
        .filter(pk=recognition.competency_id)
        .first()
    )
    if competency is None:
        raise LabError(_("This competency no longer exists. Reload the page and choose again."))
    title = _contribution_title(recognition.contribution)
    context = " — ".join(part for part in (recognition.path.title, title) if part)
    try:
        return services.evidence_record(
            user=recognition.user,
            competency=competency,
            kind=EvidenceKind.OBSERVATION,
            level=recognition.level,
            observed_on=timezone.localdate(recognition.created_at),
            context=context[:200],
            note=recognition.note,
            source=recognition.contribution,
            recorded_by=recognition.recognised_by,
        )
    except CompetencyError:
        levels = competency.framework.scale.levels.count()
        raise LabError(
            _("Level %(level)s is not on this competency's scale: choose from 1 to %(top)s.")
            % {"level": recognition.level, "top": levels}
        ) from None


def load_demo() -> None:
    """Demo: the Lecce facilitator recognises the finished proposal as evidence of
    "writing a proposal to the administration" for the group members who wrote it.
    Runs after the demo framework is aligned; safe to run again."""
    from courses.lab import services as lab_services
    from courses.lab.models import ContributionRecognition, Proposal
    from courses.lab.selectors import contribution_ref

    proposal = (
        Proposal.objects.filter(path__title="Laboratorio partecipativo – Lecce")
        .select_related("path__cohort", "group")
        .first()
    )
    competency = Competency.objects.filter(idnumber="ISTI-2").order_by("pk").first()
    if proposal is None or competency is None:
        return
    facilitator = proposal.path.cohort.trainers.order_by("pk").first()
    if facilitator is None:
        return
    reference = contribution_ref(proposal)
    writers = proposal.group.members.filter(profile__is_public_official=False).order_by("pk")
    for writer in writers:
        if ContributionRecognition.objects.filter(
            contribution=reference, user=writer, competency_id=competency.pk
        ).exists():
            continue
        lab_services.contribution_recognise(
            path=proposal.path,
            contribution=reference,
            participant=writer,
            competency_id=competency.pk,
            level=3,
            recognised_by=facilitator,
            note="Ha scritto con il gruppo una proposta accolta dal Comune.",
        )
