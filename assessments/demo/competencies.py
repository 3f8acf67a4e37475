"""Demo competencies: the IMPACT framework, the training-needs self-assessment and
demo trainees with evidence of every kind. ``load()`` is idempotent.

The framework is ``competencies.csv``, a Moodle competency framework CSV imported as
``manage.py import_framework --format moodle-csv`` does; ``competencies.toml`` has the
rest (the scale's name, alignments, self-assessment statements, evidence texts).
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import Cohort
from lms.accounts import demo as people_demo
from lms.roles import Role

from ..competencies import focus_groups, raters, selectors, services
from ..competencies.interchange import import_text
from ..models import (
    CompetencyAlignment,
    CompetencyFramework,
    EvidenceKind,
    FocusGroup,
    PeerRater,
    SelfAssessment,
    SelfAssessmentItem,
    SelfAssessmentResponse,
)

User = get_user_model()

HERE = Path(__file__).parent
DATA = tomllib.loads((HERE / "competencies.toml").read_text(encoding="utf-8"))


def _framework() -> CompetencyFramework:
    framework = CompetencyFramework.objects.filter(idnumber=DATA["framework"]).first()
    if framework:
        return framework
    framework = import_text((HERE / "competencies.csv").read_text(encoding="utf-8"), "moodle-csv")
    # Moodle's CSV names the scale's levels but not the scale.
    scale = framework.scale
    scale.name, scale.name_en = DATA["scale"]["name"], DATA["scale"]["name_en"]
    scale.save(update_fields=["name", "name_en"])
    return framework


def _set(instance, values: dict) -> None:
    """Save ``values`` on ``instance`` only where they differ (a second load changes
    nothing, so CASE's lastChangeDateTime stays that of the last real change)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)


def _names(framework, assessment) -> None:
    """The French and Arabic names of ``competencies.toml`` (the CSV has it and en),
    and the self-assessment statements' (the items carry them)."""
    names = DATA["names"]
    _set(framework, names["framework"])
    scale = dict(names["scale"])
    levels = {code: scale.pop(f"levels_{code}") for code in ("fr", "ar")}
    _set(framework.scale, scale)
    for number, level in enumerate(framework.scale.level_list()):
        _set(level, {f"name_{code}": words[number] for code, words in levels.items()})
    _set(assessment, names["self_assessment"])
    # The statements in French and Arabic (also for a demo loaded before they existed).
    wanted = {item["name"]: item for item in DATA["self_assessment"]["items"]}
    for statement in assessment.items.all():
        item = wanted.get(statement.name)
        if item:
            _set(statement, {f"name_{code}": item.get(f"name_{code}", "") for code in ("fr", "ar")})
    for competency in framework.competencies.all():
        words = names["competencies"].get(competency.idnumber)
        if words:
            _set(competency, {f"name_{code}": text for code, text in words.items()})


def _self_assessment(framework) -> SelfAssessment:
    assessment = SelfAssessment.objects.filter(framework=framework).first()
    if assessment:
        return assessment
    data = dict(DATA["self_assessment"])
    items = data.pop("items")
    assessment = SelfAssessment.objects.create(framework=framework, **data)
    competencies = {c.idnumber: c for c in framework.competencies.all()}
    for order, item in enumerate(items):
        SelfAssessmentItem.objects.create(
            assessment=assessment,
            competency=competencies[item["competency"]],
            name=item["name"],
            name_en=item["name_en"],
            name_fr=item.get("name_fr", ""),
            name_ar=item.get("name_ar", ""),
            sort_order=order,
        )
    return assessment


def _trainer():
    trainer = User.objects.filter(groups__name=Role.TRAINER).order_by("pk").first()
    if trainer is None:
        trainer = User.objects.filter(is_superuser=True).order_by("pk").first()
    return trainer


def _align(framework) -> None:
    """Align the demo courses and lessons (when the courses demo made them) and the
    question banks' categories."""
    from wagtail.models import Page

    alignments = DATA["alignments"]
    competencies = {c.idnumber: c for c in framework.competencies.all()}
    for page in Page.objects.filter(slug__in=alignments, locale__language_code="it"):
        for cid in alignments[page.slug]:
            CompetencyAlignment.objects.get_or_create(competency=competencies[cid], page=page)
    # The question banks, by category and its subcategories (when the banks demo
    # loaded them).
    from assessments.models import Question, QuestionCategory

    from . import DATA as BANKS

    for name, cids in DATA["question_alignments"].items():
        category = QuestionCategory.objects.filter(full_path=f"{BANKS['root']}/{name}").first()
        if category is None:
            continue
        for question in Question.objects.filter(
            category__in=QuestionCategory.objects.filter(category.descendant_filter())
        ):
            for cid in cids:
                CompetencyAlignment.objects.get_or_create(
                    competency=competencies[cid], question=question
                )


def _learners_and_trainers() -> list:
    """The courses demo's cohort members with one of their cohort's trainers (so each
    trainer sees their own trainees' maps); our own demo trainees if there are none."""
    from courses.models import Enrollment

    pairs = {}
    for enrollment in (
        Enrollment.objects.filter(cohort__isnull=False)
        .select_related("user")
        .prefetch_related("cohort__trainers")
        .order_by("pk")
    ):
        if enrollment.user_id not in pairs:
            trainer = next(iter(enrollment.cohort.trainers.all()), None) or _trainer()
            pairs[enrollment.user_id] = (enrollment.user, trainer)
    if pairs:
        return list(pairs.values())
    trainees = people_demo.people(DATA["trainees"])
    fallback = _trainer()
    return [(trainee, fallback) for trainee in trainees]


def _evidence(framework, assessment, pairs) -> None:
    """Evidence of every kind, different for each learner, and two self-assessments."""
    texts = DATA["evidence"]
    competencies = {c.idnumber: c for c in framework.competencies.all()}
    items = list(assessment.items.order_by("sort_order"))
    today = timezone.localdate()
    for n, (learner, trainer) in enumerate(pairs):
        if SelfAssessmentResponse.objects.filter(user=learner, assessment=assessment).exists():
            continue
        # Training-needs self-assessment: weaker at the start, stronger at the end.
        start = {item.pk: 1 + (n + i) % 3 for i, item in enumerate(items)}
        services.self_assessment_submit(user=learner, assessment=assessment, answers=start)
        end = {pk: min(5, value + 1 + (n % 2)) for pk, value in start.items()}
        services.self_assessment_submit(user=learner, assessment=assessment, answers=end)
        # Quiz answers and rubric scores.
        scores = [(0.9, 0.8, 1.0), (0.6, 0.7, 0.5), (1.0, 1.0, 0.7)][n % 3]
        services.quiz_evidence_record(
            user=learner,
            items=[
                (competencies["CIVI-1"], score, f"demo:quiz-civic-tech:{k}")
                for k, score in enumerate(scores)
            ]
            + [(competencies["CIVI-2"], scores[0], "demo:quiz-open-data:1")],
        )
        services.quiz_evidence_record(
            user=learner,
            kind=EvidenceKind.RUBRIC,
            items=[(competencies["ISTI-1"], 0.75, "demo:rubric-policy-essay:1")],
            recorded_by=trainer,
        )
        # Trainer observations of practice, only of learners in the trainer's cohorts
        # (without the courses demo's cohorts there are none to observe).
        observes = (
            trainer is not None
            and selectors.learners_visible_to(trainer).filter(pk=learner.pk).exists()
        )
        if observes:
            for k, (cid, level) in enumerate(
                [("PEER-1", 3), ("PEER-1", 3 + n % 2), ("PEER-4", 2 + n % 2), ("PART-2", 3)]
            ):
                services.observation_record(
                    trainer=trainer,
                    learner=learner,
                    competency=competencies[cid],
                    level=level,
                    observed_on=today - datetime.timedelta(days=20 - 3 * k),
                    context=texts["peer_context"] if cid.startswith("PEER") else texts["context"],
                    note=texts["note"],
                )
        # A second rater: agreeing for one learner (two raters make the rule), more
        # than a level apart for another (a disagreement the coordinator moderates).
        if observes and n in (1, 2):
            # The Lecce trainer (the Bari one for a Lecce learner) is the second
            # rater and co-trains the learner's cohort: a rater observes only learners
            # of their own cohorts. Never the Foggia trainer, whose cohorts stay
            # Foggia's alone (the admin scope checks take them as the outsider).
            second = people_demo.person("sara")
            if second.pk == trainer.pk:
                second = people_demo.person("giulia")
            Cohort.objects.filter(trainers=trainer, enrollments__user=learner).first().trainers.add(
                second
            )
            other = services.observation_record(
                trainer=second,
                learner=learner,
                competency=competencies["PEER-1"],
                level=1 if n == 1 else 3,
                observed_on=today - datetime.timedelta(days=4),
                context=texts["peer_context"],
                note=texts["note"],
            )
            if n == 1:
                raters.moderation_record(
                    coordinator=people_demo.person("marco"),
                    observation=other,
                    note=texts["note"],
                )
        # A trainer's sign-off (and, for one learner, its revocation: an added record).
        if trainer is not None:
            signed = services.evidence_record(
                user=learner,
                competency=competencies["PART-2"],
                kind=EvidenceKind.SIGNOFF,
                level=3,
                observed_on=today - datetime.timedelta(days=5),
                note=texts["note"],
                recorded_by=trainer,
            )
            if n == 0:
                services.evidence_record(
                    user=learner,
                    competency=competencies["PART-2"],
                    kind=EvidenceKind.SIGNOFF_REVOKED,
                    observed_on=today - datetime.timedelta(days=2),
                    note=texts["note"],
                    recorded_by=trainer,
                    corrects=signed,
                )
        # Prior learning: one approved, one waiting.
        claim = services.prior_learning_submit(
            user=learner,
            competency=competencies["AMMI-2"],
            description=texts["prior_learning"],
            link=texts["prior_learning_link"],
        )
        if observes and n % 2 == 0:
            services.prior_learning_decide(
                claim=claim,
                trainer=trainer,
                approve=True,
                level=3,
                note=texts["prior_learning_note"],
            )
        elif observes and n == 1:
            # Not approved: a rater's record too, which the coordinator can moderate.
            services.prior_learning_decide(
                claim=claim, trainer=trainer, approve=False, note=texts["prior_learning_rejected"]
            )


def _peer_coach(framework) -> None:
    """A trainee who completed the path observes two learners of their cohort as a peer
    coach, authorised by their territory's coordinator (once; only with the courses
    demo, where the path can be completed)."""
    from courses.models import Enrollment

    data = DATA["peer_coach"]
    coach = people_demo.person(data["coach"])
    if PeerRater.objects.filter(coach=coach).exists():
        return
    if not Enrollment.objects.filter(user=coach, completed_at__isnull=False).exists():
        return
    coordinator = people_demo.person(data["coordinator"])
    learners = people_demo.people(data["learners"])
    for learner in learners:
        services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=learner)
    services.peer_observation_record(
        coach=coach,
        learner=learners[0],
        competency=framework.competencies.get(idnumber=data["competency"]),
        level=data["level"],
        observed_on=timezone.localdate() - datetime.timedelta(days=3),
        context=data["context"],
        note=data["note"],
    )


def _focus_groups(framework) -> None:
    """One focus group per territory, led by that territory's trainer (once)."""
    if FocusGroup.objects.filter(framework=framework).exists():
        return
    areas = {c.idnumber: c for c in framework.competencies.filter(parent__isnull=True)}
    today = timezone.localdate()
    for data in DATA["focus_groups"]:
        focus_groups.focus_group_record(
            facilitator=people_demo.person(data["facilitator"]),
            framework=framework,
            territory=data["territory"],
            held_on=today - datetime.timedelta(days=data["days_ago"]),
            participant_count=data["participants"],
            participants=[people_demo.person(key) for key in data["linked"]],
            notes=data["notes"],
            ratings={areas[code].pk: tuple(pair) for code, pair in data["ratings"].items()},
            # The demo's quotes stand for words said with the speakers' agreement.
            quotes=[(areas[q["capability"]], q["text"], True) for q in data["quotes"]],
        )


@transaction.atomic
def load() -> CompetencyFramework:
    """Create the demo framework, self-assessment, trainees and evidence (once)."""
    framework = _framework()
    assessment = _self_assessment(framework)
    _names(framework, assessment)
    _align(framework)
    _evidence(framework, assessment, _learners_and_trainers())
    _focus_groups(framework)
    _peer_coach(framework)
    # The participatory lab's finished proposal counts as evidence too.
    from ..lab_evidence import load_demo as load_lab_demo

    load_lab_demo()
    return framework
