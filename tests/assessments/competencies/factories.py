"""Factories for competency tests: a scale, a framework and its tree."""

from assessments.models import (
    Competency,
    CompetencyFramework,
    ProficiencyScale,
    RuleType,
    ScaleLevel,
    SelfAssessment,
    SelfAssessmentItem,
)

LEVELS = [
    ("Principiante", "Beginner"),
    ("In sviluppo", "Developing"),
    ("Competente", "Proficient"),
    ("Esperto", "Expert"),
]


def make_scale(name="Scala base", proficient_from=3) -> ProficiencyScale:
    scale = ProficiencyScale.objects.create(
        name=name, name_en="Basic scale", proficient_from=proficient_from
    )
    for order, (it, en) in enumerate(LEVELS):
        ScaleLevel.objects.create(scale=scale, name=it, name_en=en, sort_order=order)
    return scale


def make_framework(idnumber="FW", scale=None, **extra) -> CompetencyFramework:
    return CompetencyFramework.objects.create(
        idnumber=idnumber,
        name=extra.pop("name", "Quadro di prova"),
        name_en=extra.pop("name_en", "Test framework"),
        scale=scale or make_scale(),
        **extra,
    )


def make_competency(framework, idnumber, name, parent=None, **extra) -> Competency:
    return Competency.objects.create(
        framework=framework,
        parent=parent,
        idnumber=idnumber,
        name=name,
        name_en=extra.pop("name_en", name + " (en)"),
        sort_order=extra.pop("sort_order", 0),
        **extra,
    )


def make_tree(framework=None):
    """An area (all children) with three competencies, one per evidence rule."""
    framework = framework or make_framework()
    area = make_competency(
        framework,
        "A",
        "Coaching tra pari",
        name_en="Peer coaching",
        rule_type=RuleType.ALL_CHILDREN,
    )
    listening = make_competency(
        framework,
        "A1",
        "Ascolto attivo",
        area,
        name_en="Active listening",
        rule_type=RuleType.OBSERVATIONS,
        rule_count=2,
        sort_order=1,
    )
    questions = make_competency(
        framework,
        "A2",
        "Domande potenti",
        area,
        name_en="Powerful questions",
        rule_type=RuleType.QUIZ_AVERAGE,
        rule_count=3,
        rule_min_percent=70,
        sort_order=2,
    )
    feedback = make_competency(
        framework,
        "A3",
        "Feedback",
        area,
        name_en="Feedback",
        rule_type=RuleType.LATEST_TRAINER,
        sort_order=3,
    )
    return framework, area, listening, questions, feedback


def make_self_assessment(framework, competencies, name="Autovalutazione"):
    assessment = SelfAssessment.objects.create(
        name=name, name_en="Self-assessment", framework=framework
    )
    for order, competency in enumerate(competencies):
        SelfAssessmentItem.objects.create(
            assessment=assessment,
            competency=competency,
            name=f"So fare: {competency.name}",
            name_en=f"I can: {competency.name_en}",
            sort_order=order,
        )
    return assessment


def trains(trainer, *learners):
    """Make ``trainer`` one of the trainers of a cohort of each learner (a rater
    observes only learners of their cohorts): the learner's cohort if they have one,
    a new one otherwise."""
    from wagtail.models import Page

    from courses.models import Cohort, CoursePage, Enrollment
    from tests.courses.factories import make_catalog, make_course

    course = CoursePage.objects.order_by("pk").first()
    if course is None:
        root = Page.get_first_root_node()
        course = make_course(make_catalog(root, slug="rater-cohorts"), modules=0, lessons=0)
    for learner in learners:
        enrollment = (
            Enrollment.objects.filter(user=learner, cohort__isnull=False)
            .select_related("cohort")
            .first()
        )
        if enrollment is None:
            cohort = Cohort.objects.create(name=f"Gruppo {learner.pk}", territory="bari")
            cohort.courses.add(course)
            Enrollment.objects.update_or_create(
                user=learner, course=course, defaults={"cohort": cohort}
            )
        else:
            cohort = enrollment.cohort
        cohort.trainers.add(trainer)
