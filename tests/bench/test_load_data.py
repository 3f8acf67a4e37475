"""generate_load_data builds a consistent data set, refuses to double it, and resets."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import (
    Attempt,
    Competency,
    CompetencyFramework,
    CompetencyRating,
    Evidence,
    ProficiencyScale,
    QuizPage,
    Response,
)
from bench import load_data
from courses.models import CatalogPage, Cohort, CoursePage, Enrollment, LessonPage
from lms.accounts.models import Profile


@pytest.fixture
def catalog(home_page):
    catalog = CatalogPage(title="Corsi", slug="courses")
    home_page.add_child(instance=catalog)
    return catalog


@pytest.fixture
def framework(db):
    scale = ProficiencyScale.objects.create(name="Scala", proficient_from=3)
    framework = CompetencyFramework.objects.create(idnumber="F", name="Quadro", scale=scale)
    area = Competency.objects.create(framework=framework, idnumber="A", name="Area")
    for n in (1, 2):
        Competency.objects.create(framework=framework, parent=area, idnumber=f"C{n}", name="C")
    return framework


def _generate(*extra):
    call_command("generate_load_data", "--size", "XS", "--no-demo", *extra)


def test_tiny_size_builds_every_kind_of_row(catalog, framework):
    size = load_data.SIZES["XS"]
    _generate()
    learners = Profile.objects.filter(user__username__startswith="bench-trainee-")
    assert learners.count() == size.learners
    assert CoursePage.objects.filter(slug__startswith="bench-course-").count() == size.courses
    assert LessonPage.objects.count() == size.courses * size.modules * size.lessons
    storm = QuizPage.objects.get(slug=load_data.STORM_QUIZ_SLUG)
    assert storm.slots.count() == load_data.STORM_QUESTIONS
    assert Attempt.objects.count() == size.attempts
    assert Response.objects.count() == size.attempts * load_data.PRACTICE_QUESTIONS
    assert Evidence.objects.count() == size.evidence
    assert CompetencyRating.objects.count() == size.learners * 2
    # Every learner follows the first course, so load users can open its lessons.
    first = CoursePage.objects.get(slug="bench-course-01")
    assert Enrollment.objects.filter(course=first).count() == size.learners
    cohort = Cohort.objects.get(name="Bench 0001")
    assert list(cohort.trainers.values_list("username", flat=True)) == [load_data.TRAINER]
    # Known accounts log in with the documented password (one hash shared by all).
    trainee = learners.first().user
    assert trainee.check_password(load_data.PASSWORD)


def test_refuses_to_generate_twice_and_reset_replaces(catalog, framework):
    _generate()
    with pytest.raises(CommandError, match="--reset"):
        _generate()
    assert Attempt.objects.count() == load_data.SIZES["XS"].attempts
    _generate("--reset")
    assert Profile.objects.filter(user__username__startswith="bench-").count() == (
        load_data.SIZES["XS"].learners + 2
    )
    assert CoursePage.objects.filter(slug__startswith="bench-course-").count() == (
        load_data.SIZES["XS"].courses
    )
    assert Attempt.objects.count() == load_data.SIZES["XS"].attempts


def test_needs_a_catalogue(db):
    with pytest.raises(CommandError, match="catalogue"):
        _generate()


def test_light_demo_starts_from_an_empty_site(db):
    """What `make bench-smoke` runs: no demo courses, but everything the bench needs."""
    from certificates.models import CertificateTemplate

    call_command("generate_load_data", "--size", "XS", "--light-demo")
    assert CatalogPage.objects.count() == 1
    assert CertificateTemplate.objects.exists()
    assert CompetencyRating.objects.filter(user__username=load_data.trainee_email(1)).exists()
    assert not CoursePage.objects.exclude(slug__startswith="bench-course-").exists()
