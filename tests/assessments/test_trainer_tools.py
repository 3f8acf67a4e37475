"""Trainers in the admin: import with preview, export, rubric grading, item statistics."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessments.models import (
    Attempt,
    Question,
    QuestionCategory,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from assessments.selectors import grading_queue, item_statistics, quiz_result_for
from assessments.services import attempt_start, attempt_submit
from courses.models import Cohort
from courses.services import enrollment_create
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import on_attempt_graded, right_answer
from tests.assessments.test_import import BROKEN_GIFT, MOODLE_GIFT

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("assessments_import:import")


def _admin_text(response) -> str:
    return response.content.decode()


@pytest.fixture(autouse=True)
def _admin_in_english(trainer):
    """The admin speaks the trainer's language; these tests read English."""
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(trainer).__class__.objects.filter(user=trainer).update(
        preferred_language="en"
    )


def test_upload_shows_a_preview_and_saves_nothing_until_confirmed(trainer_client):
    upload = SimpleUploadedFile("bank.gift", MOODLE_GIFT.encode())
    response = trainer_client.post(
        IMPORT_URL, {"file": upload, "fmt": "gift", "category": "Banca/Modulo 1"}
    )
    html = _admin_text(response)
    assert response.status_code == 200
    assert "Questions in the file: 2" in html
    assert "Ascolto attivo" in html and "Domande" in html
    assert not Question.objects.exists()
    response = trainer_client.post(
        IMPORT_URL,
        {"text": MOODLE_GIFT, "fmt": "gift", "category": "Banca/Modulo 1", "confirm": ""},
        follow=True,
    )
    assert "Questions imported into “Banca/Modulo 1”: 2 new, 0 updated, 0 unchanged." in (
        _admin_text(response)
    )
    assert Question.objects.count() == 2


def test_preview_shows_type_names_answers_and_the_category_the_import_uses(trainer_client):
    """The preview says what the import will do: "Single choice", not "single_choice";
    the real number of answers; the chosen category with the file's categories below."""
    upload = SimpleUploadedFile("bank.gift", MOODLE_GIFT.encode())
    response = trainer_client.post(
        IMPORT_URL, {"file": upload, "fmt": "gift", "category": "Banca/Modulo 1"}
    )
    html = _admin_text(response)
    assert "single_choice" not in html
    assert (
        "<tr><td>Ascolto attivo</td><td>Single choice</td>"
        "<td>Banca/Modulo 1/Peer coaching/Ascolto</td><td>3</td></tr>"
    ) in html
    assert "<td>Domande</td><td>Single choice</td>" in html
    trainer_client.post(
        IMPORT_URL,
        {"text": MOODLE_GIFT, "fmt": "gift", "category": "Banca/Modulo 1", "confirm": ""},
    )
    imported = Question.objects.get(name="Ascolto attivo")
    assert imported.category.full_path == "Banca/Modulo 1/Peer coaching/Ascolto"
    assert imported.answers.count() == 3


def test_a_malformed_upload_is_refused_with_line_numbers(trainer_client):
    upload = SimpleUploadedFile("broken.gift", BROKEN_GIFT.encode())
    response = trainer_client.post(IMPORT_URL, {"file": upload, "fmt": "gift", "category": "X"})
    html = _admin_text(response)
    assert response.status_code == 400
    assert "nothing was saved" in html
    assert "<li>line 3: &#x27;{&#x27; is never closed</li>" in html
    assert "<li>line 5: embedded-answer (Cloze) syntax is not GIFT</li>" in html
    assert not QuestionCategory.objects.exists()


def test_trainees_cannot_use_the_import(trainee_client):
    assert trainee_client.get(IMPORT_URL).status_code in (302, 403)


def test_export_downloads_gift(trainer_client, bank, category):
    url = reverse("assessments_export:export")
    response = trainer_client.get(url, {"category": category.pk, "fmt": "gift"})
    assert response["Content-Disposition"] == 'attachment; filename="demo-basics.gift.txt"'
    assert "::capital::" in response.content.decode()
    response = trainer_client.get(url, {"category": category.pk, "fmt": "moodlexml"})
    assert response.content.decode().startswith("<?xml")


@pytest.fixture
def rubric(db):
    rubric = Rubric(name="Ascolto")
    rubric.criteria.add(RubricCriterion(name="Chiarezza"))
    rubric.criteria.add(RubricCriterion(name="Esempi"))
    for label, points in (("Non ancora", 0), ("In parte", 1), ("Pienamente", 2)):
        rubric.levels.add(RubricLevel(label=label, points=points))
    rubric.save()
    return rubric


@pytest.fixture
def essay_attempt(section, bank, rubric, course, trainee, trainer):
    essay = bank["essay"]
    essay.rubric = rubric
    essay.default_mark = Decimal(4)
    essay.save()
    cohort = Cohort.objects.create(name="Bari 1", territory="bari")
    cohort.courses.add(course)
    cohort.trainers.add(trainer)
    enrollment_create(user=trainee, course=course, cohort=cohort)
    quiz = make_quiz(section, [bank["capital"], essay], title="Con saggio")
    attempt = attempt_start(quiz=quiz, user=trainee)
    answers = {r.position: right_answer(r) for r in attempt.responses.select_related("version")}
    return attempt_submit(attempt=attempt, answers=answers)


def test_the_queue_shows_essays_from_the_trainers_cohorts_only(essay_attempt, trainer):
    from tests.factories import TrainerFactory

    assert [r.attempt for r in grading_queue(user=trainer)] == [essay_attempt]
    assert list(grading_queue(user=TrainerFactory())) == []


def test_rubric_grading_updates_the_grade_and_runs_the_hooks(
    trainer_client, essay_attempt, trainer, trainee, rubric, monkeypatch
):
    graded = []
    on_attempt_graded(monkeypatch, graded.append)
    response = essay_attempt.responses.get(version__data__qtype="essay")
    html = _admin_text(trainer_client.get(reverse("assessments_grading:queue")))
    assert reverse("assessments_grading:grade", args=[response.pk]) in html
    levels = {level.label: level.pk for level in rubric.levels.all()}
    criteria = list(rubric.criteria.all())
    result = trainer_client.post(
        reverse("assessments_grading:grade", args=[response.pk]),
        {
            f"criterion_{criteria[0].pk}": levels["Pienamente"],
            f"criterion_{criteria[1].pk}": levels["In parte"],
            "feedback": "Buoni esempi.",
        },
    )
    assert result.status_code == 302
    response.refresh_from_db()
    assert response.score == Decimal(3)  # 3 of 4 rubric points × mark 4
    essay_attempt.refresh_from_db()
    assert essay_attempt.state == Attempt.State.GRADED
    assert essay_attempt.score == Decimal(4)
    assert [a.pk for a in graded] == [essay_attempt.pk]
    result = quiz_result_for(quiz=essay_attempt.quiz, user=trainee)
    assert result.percent == Decimal(80)
    assert list(grading_queue(user=trainer)) == []


def test_a_trainer_outside_the_cohort_gets_404(client, essay_attempt):
    from tests.factories import TrainerFactory

    outsider = TrainerFactory()
    client.force_login(outsider)
    response = essay_attempt.responses.get(version__data__qtype="essay")
    assert client.get(reverse("assessments_grading:grade", args=[response.pk])).status_code == 404


def test_item_statistics(section, bank, course, trainee, other_trainee, trainer, trainer_client):
    cohort = Cohort.objects.create(name="Bari 1", territory="bari")
    cohort.courses.add(course)
    cohort.trainers.add(trainer)
    for user in (trainee, other_trainee):
        enrollment_create(user=user, course=course, cohort=cohort)
    quiz = make_quiz(section, [bank["capital"], bank["sky"]], title="Statistiche")
    for user, right in ((trainee, True), (other_trainee, False)):
        attempt = attempt_start(quiz=quiz, user=user)
        responses = attempt.responses.select_related("version")
        attempt_submit(
            attempt=attempt,
            answers={
                r.position: right_answer(r) if right or r.position == 2 else None for r in responses
            },
        )
    stats = {item.name: item for item in item_statistics(quiz=quiz)}
    assert stats["capital"].facility == 0.5
    assert stats["capital"].discrimination is None  # the rest of the score does not vary
    assert {a.label: a.count for a in stats["capital"].answers} == {"Roma": 1, "—": 1}
    assert stats["sky"].facility == 1.0
    with translation.override("en"):
        html = _admin_text(
            trainer_client.get(reverse("assessments_statistics:quiz", args=[quiz.pk]))
        )
    assert "Roma: 1" in html


def _take(quiz, user, right=True):
    attempt = attempt_start(quiz=quiz, user=user)
    responses = attempt.responses.select_related("version")
    answers = {r.position: right_answer(r) if right else None for r in responses}
    attempt_submit(attempt=attempt, answers=answers)


def test_statistics_count_only_the_trainers_own_cohorts(
    client, section, bank, course, trainee, other_trainee, trainer, coordinator
):
    """A trainer sees their learners' attempts only; coordinators see everyone's."""
    from tests.factories import TrainerFactory

    mine = Cohort.objects.create(name="Bari 1", territory="bari")
    mine.trainers.add(trainer)
    theirs = Cohort.objects.create(name="Foggia 1", territory="foggia")
    mine.courses.add(course)
    theirs.courses.add(course)
    enrollment_create(user=trainee, course=course, cohort=mine)
    enrollment_create(user=other_trainee, course=course, cohort=theirs)
    quiz = make_quiz(section, [bank["capital"]], title="Statistiche riservate")
    _take(quiz, trainee, right=True)
    _take(quiz, other_trainee, right=False)

    assert item_statistics(quiz=quiz, user=trainer)[0].responses == 1
    assert item_statistics(quiz=quiz, user=trainer)[0].facility == 1.0
    assert item_statistics(quiz=quiz, user=coordinator)[0].responses == 2
    # A territorial coordinator counts the learners of their territory only.
    from tests.factories import CoordinatorFactory

    foggia = CoordinatorFactory(territories=["foggia"])
    assert item_statistics(quiz=quiz, user=foggia)[0].responses == 1
    assert item_statistics(quiz=quiz, user=foggia)[0].facility == 0.0

    url = reverse("assessments_statistics:quiz", args=[quiz.pk])
    index = reverse("assessments_statistics:index")
    client.force_login(trainer)
    with translation.override("en"):
        html = _admin_text(client.get(url))
    assert "Roma: 1" in html and "—: 1" not in html
    assert "Statistiche riservate" in _admin_text(client.get(index))

    outsider = TrainerFactory()
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(outsider)
    UserProfile.objects.filter(user=outsider).update(preferred_language="en")
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 200
    html = _admin_text(response)
    assert "Roma" not in html
    assert "Statistics only count the learners of the cohorts you train." in html
    assert "Statistiche riservate" not in _admin_text(client.get(index))


def test_statistics_run_the_same_queries_with_few_and_many_attempts(
    section, bank, trainee, django_assert_num_queries
):
    from tests.factories import TraineeFactory

    quiz = make_quiz(section, [bank["capital"], bank["sky"]], title="Statistiche")

    def take(user):
        attempt = attempt_start(quiz=quiz, user=user)
        attempt_submit(attempt=attempt)

    take(trainee)
    with django_assert_num_queries(2):
        item_statistics(quiz=quiz)
    for _ in range(20):
        take(TraineeFactory())
    with django_assert_num_queries(2):
        assert item_statistics(quiz=quiz)[0].responses == 21


def test_item_statistics_show_matching_words_and_translated_true_false(
    section, bank, trainee, trainer_client
):
    """Matching answers read as the words chosen (not keys); True/False in the language."""
    quiz = make_quiz(section, [bank["pairs"], bank["sky"]], title="Statistiche 2")
    attempt = attempt_start(quiz=quiz, user=trainee)
    responses = attempt.responses.select_related("version")
    attempt_submit(attempt=attempt, answers={r.position: right_answer(r) for r in responses})
    with translation.override("it"):
        stats = {item.name: item for item in item_statistics(quiz=quiz)}
    labels = [a.label for a in stats["pairs"].answers]
    assert "Bari → BA" in labels and "Lecce → LE" in labels
    assert [a.label for a in stats["sky"].answers] == ["Vero"]


def test_save_and_next_goes_to_the_next_answer_waiting_and_shows_the_rubric_total(
    trainer_client, essay_attempt, other_trainee, rubric
):
    """Issue 15, item 13: "Save and grade the next answer" opens the next answer in the
    queue (the queue itself after the last), and the grading page says what the rubric's
    levels add up to."""
    cohort = Cohort.objects.get(name="Bari 1")
    enrollment_create(user=other_trainee, course=cohort.courses.first(), cohort=cohort)
    second = attempt_start(quiz=essay_attempt.quiz, user=other_trainee)
    answers = {r.position: right_answer(r) for r in second.responses.select_related("version")}
    second = attempt_submit(attempt=second, answers=answers)
    first_essay = essay_attempt.responses.get(version__data__qtype="essay")
    next_essay = second.responses.get(version__data__qtype="essay")
    url = reverse("assessments_grading:grade", args=[first_essay.pk])
    page = _admin_text(trainer_client.get(url))
    assert 'class="grade-total"' in page and 'name="save_next"' in page
    levels = {level.label: level.pk for level in rubric.levels.all()}
    data = {f"criterion_{c.pk}": levels["Pienamente"] for c in rubric.criteria.all()}
    result = trainer_client.post(url, {**data, "feedback": "Bene.", "save_next": ""})
    assert result["Location"] == reverse("assessments_grading:grade", args=[next_essay.pk])
    last = trainer_client.post(result["Location"], {**data, "feedback": "Bene.", "save_next": ""})
    assert last["Location"] == reverse("assessments_grading:queue")
