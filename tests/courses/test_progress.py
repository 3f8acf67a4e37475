"""Progress: completing lessons, module and course completion, continue where I left off."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Enrollment, LessonProgress
from courses.selectors import course_outline_for, enrollment_for
from courses.services import enrollment_create, lesson_complete

from .factories import lessons_of, make_course, translate_tree

pytestmark = pytest.mark.django_db


def outline(user, course):
    return course_outline_for(
        course=course, user=user, enrollment=enrollment_for(user=user, course=course)
    )


@pytest.fixture
def activity_course(catalog):
    return make_course(catalog, title="Con attività", modules=2, lessons=2, activity=True)


def test_complete_button_marks_the_lesson_and_moves_on(trainee_client, trainee, activity_course):
    enrollment_create(user=trainee, course=activity_course)
    first, second, *_rest = lessons_of(activity_course)
    page = trainee_client.get(first.url)
    assert "Segna come completata" in page.text
    assert not LessonProgress.objects.exists()  # an activity waits for the button
    response = trainee_client.post(first.url, {"action": "complete"})
    assert response["Location"] == second.url
    assert LessonProgress.objects.filter(user=trainee, lesson=first).exists()
    assert outline(trainee, activity_course).done_count == 1


def test_lesson_without_activity_is_done_on_next_not_on_opening(
    trainee_client, trainee, course, enrollment
):
    """Opening lesson 1 does not show it "Done": "Next" (a form) completes it and moves on."""
    first, second, *_rest = lessons_of(course)
    page = trainee_client.get(first.url).text
    assert not LessonProgress.objects.exists()
    assert "Hai completato questa lezione." not in page
    assert '<form method="post" class="pager__next">' in page
    response = trainee_client.post(first.url, {"action": "complete"})
    assert response["Location"] == second.url
    assert LessonProgress.objects.filter(user=trainee, lesson=first).exists()


def test_progress_bar_moves(trainee_client, trainee, activity_course):
    enrollment_create(user=trainee, course=activity_course)
    lessons = lessons_of(activity_course)
    trainee_client.post(lessons[0].url, {"action": "complete"})
    page = trainee_client.get(activity_course.url)
    assert f'<progress id="progress-{activity_course.pk}" max="4" value="1"' in page.text
    assert "Lezioni completate: 1 su 4 (25%)" in page.text


def test_module_and_course_completion_derive_from_lessons(trainee, course, enrollment):
    lessons = lessons_of(course)
    for lesson in lessons[:2]:
        lesson_complete(user=trainee, lesson=lesson)
    result = outline(trainee, course)
    assert [m.complete for m in result.modules] == [True, False]
    assert not result.complete
    for lesson in lessons[2:]:
        lesson_complete(user=trainee, lesson=lesson)
    assert outline(trainee, course).complete
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None


def test_completing_twice_changes_nothing(trainee, course, enrollment):
    lesson = lessons_of(course)[0]
    _p, created = lesson_complete(user=trainee, lesson=lesson)
    _p, again = lesson_complete(user=trainee, lesson=lesson)
    assert created and not again
    assert LessonProgress.objects.count() == 1
    with pytest.raises(IntegrityError):
        LessonProgress.objects.create(
            user=trainee, lesson=lesson, course=course, completed_at=_p.completed_at
        )


def test_progress_is_shared_between_languages(trainee, catalog, course, enrollment):
    translate_tree(catalog)
    lesson_en = lessons_of(course.get_translations().get())[0]
    lesson_complete(user=trainee, lesson=lesson_en)
    assert LessonProgress.objects.get().lesson == lessons_of(course)[0]
    assert outline(trainee, course).done_count == 1


def test_locked_module_opens_after_the_previous_one(trainee_client, trainee, catalog):
    locked_course = make_course(
        catalog, title="A tappe", modules=2, lessons=1, activity=True, unlock_after_previous=True
    )
    enrollment_create(user=trainee, course=locked_course)
    first, second = lessons_of(locked_course)
    response = trainee_client.get(second.url)
    assert response["Location"] == locked_course.url
    assert trainee_client.get(locked_course.url).context["outline"].modules[1].locked
    trainee_client.post(first.url, {"action": "complete"})
    assert trainee_client.get(second.url).status_code == 200


def test_continue_where_i_left_off(trainee_client, trainee, activity_course):
    enrollment_create(user=trainee, course=activity_course)
    lessons = lessons_of(activity_course)
    trainee_client.post(lessons[0].url, {"action": "complete"})
    trainee_client.post(lessons[1].url, {"action": "complete"})
    assert outline(trainee, activity_course).next_lesson == lessons[2]
    trainee_client.get(lessons[3].url)  # opened but not finished
    assert outline(trainee, activity_course).next_lesson == lessons[3]


def test_rereading_the_same_lesson_writes_nothing(trainee_client, trainee, activity_course):
    enrollment_create(user=trainee, course=activity_course)
    lesson = lessons_of(activity_course)[1]
    trainee_client.get(lesson.url)
    first_visit = Enrollment.objects.get(user=trainee).last_activity_at
    with CaptureQueriesContext(connection) as queries:
        assert trainee_client.get(lesson.url).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    enrollment = Enrollment.objects.get(user=trainee)
    assert enrollment.last_lesson == lesson
    assert enrollment.last_activity_at == first_visit


def test_moving_on_or_coming_back_later_is_remembered(trainee_client, trainee, activity_course):
    enrollment_create(user=trainee, course=activity_course)
    lessons = lessons_of(activity_course)
    trainee_client.get(lessons[1].url)
    trainee_client.get(lessons[2].url)
    assert Enrollment.objects.get(user=trainee).last_lesson == lessons[2]
    earlier = timezone.now() - timedelta(hours=1)
    Enrollment.objects.filter(user=trainee).update(last_activity_at=earlier)
    trainee_client.get(lessons[2].url)
    assert Enrollment.objects.get(user=trainee).last_activity_at > earlier


def test_reflection_goes_to_the_private_journal(trainee_client, trainee, course, enrollment):
    lesson = lessons_of(course)[0]
    response = trainee_client.post(
        lesson.url, {"action": "reflect", "text": "  Ascoltare prima.  "}
    )
    assert response.status_code == 302
    entry = trainee.journal_entries.get()
    assert entry.text == "Ascoltare prima."
    assert entry.prompt == "Che cosa hai imparato?"
    assert "Ascoltare prima." in trainee_client.get("/dashboard/journal/").text


def test_the_journal_confirmation_is_beside_the_button_and_takes_focus(
    trainee_client, course, enrollment
):
    """After "Save to my journal" the page returns to the confirmation, which sits right
    after the button and takes focus, not to the top of the page off-screen."""
    lesson = lessons_of(course)[0]
    response = trainee_client.post(lesson.url, {"action": "reflect", "text": "Ascoltare."})
    assert response["Location"] == lesson.url + "#reflection-saved"
    html = trainee_client.get(lesson.url).text
    button = html.index("Salva nel mio diario</button>")
    confirmation = html.index('id="reflection-saved" role="status" tabindex="-1" autofocus>')
    assert button < confirmation < html.index("</form>", button)
    assert html.count("La tua riflessione è salvata nel diario.") == 1


def test_empty_reflection_is_refused_and_the_form_is_shown_again(
    trainee_client, course, enrollment
):
    lesson = lessons_of(course)[0]
    response = trainee_client.post(lesson.url, {"action": "reflect", "text": "   "})
    assert response.status_code == 200
    assert "Scrivi qualche parola prima di salvare." in response.text


def test_too_long_reflection_keeps_what_was_typed(trainee_client, course, enrollment):
    lesson = lessons_of(course)[0]
    text = "parola " * 1000
    response = trainee_client.post(lesson.url, {"action": "reflect", "text": text})
    assert response.status_code == 200
    assert "parola parola parola" in response.text


def test_journal_is_private(client, trainee, other_trainee, course, enrollment):
    lesson = lessons_of(course)[0]
    client.force_login(trainee)
    client.post(lesson.url, {"action": "reflect", "text": "Un pensiero segreto"})
    client.force_login(other_trainee)
    assert "Un pensiero segreto" not in client.get("/dashboard/journal/").text
    assert "Un pensiero segreto" not in client.get("/dashboard/").text
