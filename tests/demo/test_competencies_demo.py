"""The demo framework on top of the courses demo, as ``load_demo`` loads them."""

import pytest
from django.utils.html import escape

from assessments.models import Evidence, EvidenceKind

pytestmark = pytest.mark.django_db


def test_demo_follows_the_courses_demo_cohorts(demo):
    """With the courses demo loaded, its cohort members get the evidence, observed by
    their own cohort's trainer, and the demo courses are aligned."""
    from assessments.models import CompetencyAlignment
    from courses.models import Enrollment

    observation = Evidence.objects.filter(kind=EvidenceKind.OBSERVATION).first()
    cohort = Enrollment.objects.filter(user=observation.user, cohort__isnull=False).first().cohort
    assert observation.recorded_by in cohort.trainers.all()
    assert CompetencyAlignment.objects.filter(page__slug="percorso-peer-coach").count() == 4


def test_a_graded_attempt_at_a_demo_quiz_moves_a_competency(demo, trainer):
    """The banks are aligned to the framework by category: a trainee's submitted
    practice quiz gives quiz evidence at once, its essay waits in the grading queue, and
    the trainer's grade moves "Understanding how local policies are made" (rated by the
    average of the latest quiz results)."""
    from assessments.models import CompetencyRating, QuizPage, Response, Rubric
    from assessments.services import attempt_start, attempt_submit, response_grade
    from tests.factories import TraineeFactory

    quiz = QuizPage.objects.get(
        slug="quiz-pratica",
        locale__language_code="it",
        url_path__contains="istituzioni-e-politiche",
    )
    learner = TraineeFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    responses = Response.objects.filter(attempt=attempt).select_related("version")
    (essay,) = [r for r in responses if r.version.data["qtype"] == "essay"]
    letter = "Propongo un tavolo mensile con le associazioni del quartiere."
    attempt = attempt_submit(attempt=attempt, answers={essay.position: letter})
    essay.refresh_from_db()
    assert essay.score is None  # waiting for a trainer: the grading queue has work
    # Evidence waits for the whole attempt to be graded.
    assert not CompetencyRating.objects.filter(user=learner, competency__idnumber="ISTI-1")

    # The trainer grades it on the path's rubric, every criterion at its best level.
    rubric = Rubric.objects.get(pk=essay.version.data["rubric"])
    best = max(rubric.levels.all(), key=lambda level: level.points)
    response_grade(
        response=essay, grader=trainer, levels={c.pk: best.pk for c in rubric.criteria.all()}
    )
    evidence = Evidence.objects.get(source=f"assessments.Response:{essay.pk}")
    assert evidence.competency.idnumber == "ISTI-1" and evidence.score == 1
    assert Evidence.objects.filter(user=learner, competency__idnumber="ISTI-1").count() == 6
    rating = CompetencyRating.objects.get(user=learner, competency__idnumber="ISTI-1")
    assert rating.detail["reason"]["code"] == "quiz_average"
    assert rating.detail["reason"]["count"] == 3  # the rule's latest three results


def _map_as_amina(client, language):
    from django.contrib.auth import get_user_model

    from lms.accounts.demo import DATA as PEOPLE

    client.force_login(get_user_model().objects.get(email=PEOPLE["people"]["amina"]["email"]))
    response = client.get(f"/{language}/competencies/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "framework", "competency", "level"),
    [
        ("ar", "كفاءات IMPACT", "الإصغاء الفعّال", "كفء"),
        ("fr", "Compétences IMPACT", "Écoute active", "Compétent"),
        ("en", "IMPACT competencies", "Active listening", "Proficient"),
    ],
)
def test_the_competency_map_names_the_competencies_in_the_readers_language(
    client, demo, language, framework, competency, level
):
    html = _map_as_amina(client, language)
    assert f'<p class="lead">{framework}' in html  # no lang: it is the page's language
    assert f'<h3 class="competency-card__name">{competency}</h3>' in html
    assert "Ascolto attivo" not in html
    assert f"<strong>{level}</strong>" in html


def test_a_competency_without_an_arabic_name_is_shown_in_italian_marked_as_such(client, demo):
    from assessments.models import Competency

    Competency.objects.filter(idnumber="PEER-1").update(name_ar="")
    html = _map_as_amina(client, "ar")
    assert '<h3 class="competency-card__name" lang="it" dir="ltr">Ascolto attivo</h3>' in html
    assert '<h3 class="competency-card__name">الأسئلة القوية</h3>' in html


def test_a_second_load_changes_no_competency_name(demo):
    import io

    from django.core.management import call_command

    from assessments.models import Competency

    before = list(Competency.objects.order_by("pk").values_list("pk", "name_ar", "updated_at"))
    call_command("load_demo", stdout=io.StringIO())
    after = list(Competency.objects.order_by("pk").values_list("pk", "name_ar", "updated_at"))
    assert after == before
    assert all(name_ar for _pk, name_ar, _at in after)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_twelve_needs_statements_are_in_the_readers_language(client, demo, language):
    """The training-needs self-assessment asks its twelve statements in French and
    Arabic too (issue 14): none is shown in Italian."""
    from assessments.models import SelfAssessment

    assessment = SelfAssessment.objects.get()
    items = list(assessment.items.order_by("sort_order"))
    assert len(items) == 12
    _map_as_amina(client, language)  # logs Amina in
    response = client.get(f"/{language}/competencies/self-assessment/{assessment.pk}/?phase=start")
    assert response.status_code == 200
    html = response.content.decode()
    for item in items:
        assert f"<legend>{escape(getattr(item, f'name_{language}'))}</legend>" in html
        assert escape(item.name) not in html


def test_a_statement_without_an_arabic_text_is_shown_in_italian_marked_as_such(client, demo):
    from assessments.models import SelfAssessment

    assessment = SelfAssessment.objects.get()
    first = assessment.items.order_by("sort_order").first()
    type(first).objects.filter(pk=first.pk).update(name_ar="")
    _map_as_amina(client, "ar")
    html = client.get(
        f"/ar/competencies/self-assessment/{assessment.pk}/?phase=start"
    ).content.decode()
    assert f'<legend lang="it" dir="ltr">{escape(first.name)}</legend>' in html


@pytest.mark.parametrize("fmt", ["case", "moodle-csv"])
def test_the_demo_framework_exports_carry_every_french_and_arabic_name(demo, fmt):
    from assessments.competencies.interchange import export_text
    from assessments.models import CompetencyFramework

    framework = CompetencyFramework.objects.get()
    text = export_text(framework, fmt)
    for competency in framework.competencies.all():
        assert competency.name_fr and competency.name_ar
        for name in (competency.name_fr, competency.name_ar):
            assert (escape(name) if fmt == "moodle-csv" else name) in text.replace('""', '"')
