"""Graded quiz attempts become competency evidence (through the attempt-graded hook)."""

import re
from decimal import Decimal

import pytest

from assessments.competencies import services as competency_services
from assessments.models import (
    CompetencyAlignment,
    CompetencyRating,
    Evidence,
    EvidenceKind,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from assessments.services import attempt_start, attempt_submit, response_grade
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import right_answer


def _answers(attempt, wrong=()):
    return {
        r.position: None if r.question.name in wrong else right_answer(r)
        for r in attempt.responses.select_related("version", "question")
    }


@pytest.fixture
def aligned(tree, bank):
    """Three questions aligned to "Powerful questions" (average of 3 at 70%)."""
    questions = tree[3]
    for name in ("capital", "sky", "year"):
        CompetencyAlignment.objects.create(competency=questions, question=bank[name])
    return questions


def test_a_graded_quiz_moves_the_competency_with_the_reason(
    aligned, bank, section, trainee, trainee_client
):
    quiz = make_quiz(section, [bank["capital"], bank["sky"], bank["year"]], title="Domande")
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt, answers=_answers(attempt, wrong={"sky", "year"}))
    evidence = Evidence.objects.filter(user=trainee, competency=aligned)
    assert sorted(e.score for e in evidence) == [Decimal(0), Decimal(0), Decimal(1)]
    assert {e.kind for e in evidence} == {EvidenceKind.QUIZ_ITEM}
    assert all(e.source.startswith("assessments.Response:") for e in evidence)
    html = trainee_client.get("/en/competencies/").content.decode()
    assert "A quiz average of at least 70% over your latest 3 results (now 33%)." in html

    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt, answers=_answers(attempt))
    rating = CompetencyRating.objects.get(user=trainee, competency=aligned)
    assert rating.proficient
    html = trainee_client.get("/en/competencies/").content.decode()
    assert "Average of your latest 3 quiz results: 100%." in html


def test_unaligned_questions_make_no_evidence(tree, bank, section, trainee):
    quiz = make_quiz(section, [bank["capital"]], title="Solo capitale")
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt, answers=_answers(attempt))
    assert not Evidence.objects.exists()


@pytest.fixture
def rubric(db):
    rubric = Rubric(name="Ascolto")
    rubric.criteria.add(RubricCriterion(name="Riformulazione"))
    rubric.criteria.add(RubricCriterion(name="Esempi"))
    for label, points in (("Non ancora", 0), ("In parte", 1), ("Pienamente", 2)):
        rubric.levels.add(RubricLevel(label=label, points=points))
    rubric.save()
    return rubric


def test_rubric_scores_become_evidence_and_regrading_is_a_correction(
    tree, bank, section, rubric, trainee, trainer
):
    listening = tree[2]
    listening.rule_type = "quiz_average"
    listening.rule_count = 1
    listening.save()
    criteria = list(rubric.criteria.order_by("sort_order", "pk"))
    levels = {level.label: level.pk for level in rubric.levels.all()}
    CompetencyAlignment.objects.create(competency=listening, criterion=criteria[0])
    essay = bank["essay"]
    essay.rubric = rubric
    essay.save()
    from assessments.services import question_version_sync

    question_version_sync(question=essay)
    quiz = make_quiz(section, [essay], title="Saggio")
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt = attempt_submit(attempt=attempt, answers=_answers(attempt))
    response = attempt.responses.get()
    response_grade(
        response=response,
        grader=trainer,
        levels={criteria[0].pk: levels["In parte"], criteria[1].pk: levels["Pienamente"]},
    )
    evidence = Evidence.objects.get(user=trainee, competency=listening)
    assert (evidence.kind, evidence.score, evidence.recorded_by) == (
        EvidenceKind.RUBRIC,
        Decimal("0.5"),
        trainer,
    )
    assert not CompetencyRating.objects.get(user=trainee, competency=listening).proficient

    # Regrading with the same level adds nothing; a new level is a correction.
    response_grade(
        response=response,
        grader=trainer,
        levels={criteria[0].pk: levels["In parte"], criteria[1].pk: levels["Non ancora"]},
    )
    assert Evidence.objects.filter(user=trainee).count() == 1
    response_grade(
        response=response,
        grader=trainer,
        levels={criteria[0].pk: levels["Pienamente"], criteria[1].pk: levels["Non ancora"]},
    )
    latest = Evidence.objects.filter(user=trainee).order_by("-pk").first()
    assert (latest.score, latest.corrects) == (Decimal(1), evidence)
    assert CompetencyRating.objects.get(user=trainee, competency=listening).proficient


def test_generic_quiz_evidence_still_works_without_a_quiz(tree, trainee):
    """Other sources (an external quiz, a future importer) use the service directly."""
    competency_services.quiz_evidence_record(
        user=trainee, items=[(tree[3], 1, "external:moodle-attempt:9")]
    )
    assert Evidence.objects.get(user=trainee).source == "external:moodle-attempt:9"


def test_grading_writes_evidence_in_the_same_queries_for_1_and_3_aligned_questions(
    tree, bank, section, trainee
):
    """Evidence is written in bulk: no statement per aligned question."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, written = [], []
    for names in (["capital"], ["sky", "year", "cities"]):
        for name in names:
            CompetencyAlignment.objects.create(competency=tree[3], question=bank[name])
        quiz = make_quiz(section, [bank[name] for name in names], title="Allineate")
        attempt = attempt_start(quiz=quiz, user=trainee)
        answers = _answers(attempt)
        with CaptureQueriesContext(connection) as queries:
            attempt_submit(attempt=attempt, answers=answers)
        counts.append(len(queries))
        written.append(Evidence.objects.filter(source__in=[
            f"assessments.Response:{pk}" for pk in attempt.responses.values_list("pk", flat=True)
        ]).count())  # fmt: skip
    assert written == [1, 3]
    assert counts[0] == counts[1]
    rating = CompetencyRating.objects.get(user=trainee, competency=tree[3])
    assert rating.detail  # the recompute ran after the bulk insert


def test_the_competency_chart_mirrors_in_arabic(aligned, bank, section, trainee, trainee_client):
    """In /ar/ the bars grow from the right and the labels start at the right edge;
    in /en/ the chart is left to right."""
    quiz = make_quiz(section, [bank["capital"]], title="Capitale")
    attempt_submit(attempt=attempt_start(quiz=quiz, user=trainee), answers={})
    arabic = trainee_client.get("/ar/competencies/").content.decode()
    assert 'direction="rtl"' in arabic
    assert re.search(r'<g class="chart__shapes" transform="translate\((\d+) 0\) scale\(-1 1\)">',
                     arabic)  # fmt: skip
    width = int(re.search(r'<svg viewBox="0 0 (\d+) ', arabic).group(1))
    assert f'<text x="{width - 8}"' in arabic
    english = trainee_client.get("/en/competencies/").content.decode()
    assert 'direction="ltr"' in english and "scale(-1 1)" not in english
    assert '<text x="8"' in english
