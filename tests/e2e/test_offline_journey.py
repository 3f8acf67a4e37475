"""Offline use (issue 19.1) in a phone browser: save a course, lose the connection,
read a lesson, mark it complete, write in the journal, come back online, see it synced.

Chromium counts 127.0.0.1 as a secure context, so the service worker runs here as it
does on a phone over HTTPS.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from courses.models import JournalEntry, LessonProgress, OfflineAction
from courses.services import enrollment_create
from lms.roles import Role
from tests.courses.factories import lessons_of, make_catalog, make_course, translate_tree
from tests.factories import UserFactory

from .conftest import assert_accessible, open_menu, wait_until
from .test_courses_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def saved_course(home_page):
    catalog = make_catalog(home_page)
    course = make_course(
        catalog, title="Peer coaching", slug="peer-coaching", modules=1, lessons=2, activity=True
    )
    translate_tree(catalog, suffix="")
    return course


def test_a_trainee_learns_offline_and_the_phone_syncs_once(phone_page, saved_course):
    page = phone_page
    trainee = UserFactory(
        role=Role.TRAINEE,
        email="offline@example.org",
        username="offline@example.org",
        profile__preferred_language="en",
    )
    enrollment_create(user=trainee, course=saved_course)
    log_in(page, "offline@example.org")

    page.goto("/en/courses/peer-coaching/")
    assert_accessible(page)
    wait_until(page, "!!(navigator.serviceWorker && navigator.serviceWorker.controller)")
    size = page.get_by_text(re.compile(r"^About .+ to download\.$"))
    size.wait_for()
    page.get_by_role("button", name="Save this course for offline").click()
    page.get_by_text(re.compile(r"^Saved on this phone \(.+\)\. Its lessons open")).wait_for()
    assert_accessible(page)

    page.context.set_offline(True)
    lesson = lessons_of(saved_course)[0]
    page.goto(f"/en{lesson.url}")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Lezione 1.1", exact=True)).to_be_visible()
    status = page.locator("#offline-status")
    assert status.get_attribute("role") == "status"
    page.get_by_text("You are offline.").wait_for()
    # From the phone's cache: the server saw no visit (saving the course was none either).
    enrollment = trainee.enrollments.get()
    assert enrollment.last_lesson_id is None

    page.goto("/en/learn/calendar/")  # never saved
    assert_accessible(page)
    expect(page.get_by_role("heading", name="You are offline", exact=True)).to_be_visible()
    page.go_back()
    assert_accessible(page)

    page.get_by_role("button", name="Mark as complete").click()
    page.get_by_text("Saved on this phone: it will be sent when you are back online.").wait_for()
    page.get_by_label("Your reflection").fill("Ascoltare senza interrompere.")
    page.get_by_role("button", name="Save to my journal").click()
    page.get_by_text("your reflection will be sent when you are back online").wait_for()
    assert re.search(r"2 changes waiting to be sent", status.inner_text())
    assert_accessible(page)
    assert not LessonProgress.objects.exists() and not JournalEntry.objects.exists()

    sent = []
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and "/learn/offline/sync/" in request.url
            and sent.append(request.post_data)
        ),
    )
    page.context.set_offline(False)
    page.get_by_text("Synced: your changes are saved.").wait_for()
    assert "waiting" not in status.inner_text()
    assert_accessible(page)

    # A sync sent again (the answer was lost on the way): nothing twice.
    assert len(sent) == 1
    replies = page.evaluate(
        """async (body) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const response = await fetch("/en/learn/offline/sync/", {method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": token}, body});
            return (await response.json()).results.map(r => [r.status, r.replayed]);
        }""",
        sent[0],
    )
    assert replies == [["done", True], ["done", True]]
    assert [a["type"] for a in json.loads(sent[0])["actions"]] == ["complete", "journal"]
    assert LessonProgress.objects.filter(user=trainee).count() == 1
    assert JournalEntry.objects.get(user=trainee).text == "Ascoltare senza interrompere."
    assert OfflineAction.objects.filter(user=trainee).count() == 2

    # Logging out leaves nothing of this person on the phone.
    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You have logged out.").wait_for()
    assert_accessible(page)
    left = page.evaluate(
        """async () => (await caches.keys()).filter(n => n.startsWith("impact-offline-"))"""
    )
    assert left == []


def test_a_practice_quiz_is_answered_offline_and_submitted_on_reconnect(phone_page, saved_course):
    """Started online, answered without a connection, submitted once on reconnect."""
    from assessments.models import Attempt, QuizPage, QuizSlot
    from assessments.services import questions_import
    from courses.models import ModulePage

    page = phone_page
    trainee = UserFactory(
        role=Role.TRAINEE,
        email="quiz-offline@example.org",
        username="quiz-offline@example.org",
        profile__preferred_language="en",
    )
    enrollment_create(user=trainee, course=saved_course)
    question = questions_import(
        text="::sky::The sky is blue. {TRUE}", fmt="gift", category_path="Demo"
    ).questions[0]
    quiz = QuizPage(title="Practice", slug="practice", shuffle_answers=False)
    quiz.slots.add(QuizSlot(kind="fixed", question=question))
    ModulePage.objects.child_of(saved_course).first().add_child(instance=quiz)
    quiz.save_revision().publish()

    log_in(page, "quiz-offline@example.org")
    page.goto(f"/en{quiz.url}")
    assert_accessible(page)
    expect(page.get_by_text("you can answer it offline")).to_be_visible()
    wait_until(page, "!!(navigator.serviceWorker && navigator.serviceWorker.controller)")
    page.get_by_role("button", name="Start the quiz").click()
    assert_accessible(page)
    attempt_url = page.url
    # The attempt page is kept for offline once it has been opened online.
    wait_until(
        page,
        """async (url) => (await caches.keys()).some(n => n.startsWith("impact-offline-"))
            && !!(await caches.match(url))""",
        arg=attempt_url,
    )

    page.context.set_offline(True)
    page.reload()
    assert_accessible(page)
    page.get_by_label("True").check()
    page.get_by_role("button", name="Check and submit…").click()
    page.get_by_text("your answers will be submitted when you are back online").wait_for()
    assert "1 change waiting to be sent" in page.locator("#offline-status").inner_text()
    assert_accessible(page)
    assert Attempt.objects.get(user=trainee).is_open

    page.context.set_offline(False)
    page.get_by_text("Synced: your changes are saved.").wait_for()
    attempt = Attempt.objects.get(user=trainee)
    assert attempt.state == Attempt.State.GRADED and attempt.score == attempt.max_score
