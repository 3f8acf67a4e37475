"""Course journeys: a trainee learns and resumes; a trainer takes attendance on a phone."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from courses.models import AttendanceEntry, LessonProgress
from courses.services import enrollment_create
from lms.roles import Role
from tests.courses.factories import (
    make_catalog,
    make_cohort,
    make_course,
    make_session,
    translate_tree,
)
from tests.factories import PASSWORD, UserFactory

from .conftest import assert_accessible, open_menu, visit

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page)


@pytest.fixture
def english_course(home_page):
    catalog = make_catalog(home_page)
    course = make_course(
        catalog, title="Peer coaching", slug="peer-coaching", modules=2, lessons=2, activity=True
    )
    translate_tree(catalog, suffix="")
    return course


def test_trainee_enrols_learns_and_resumes(page, english_course):
    """Enrol, complete two lessons, watch the bar move, log out, log in, resume at lesson 3."""
    trainee = UserFactory(
        role=Role.TRAINEE,
        email="learner@example.org",
        username="learner@example.org",
        profile__preferred_language="en",  # every login continues in it
    )
    log_in(page, "learner@example.org")
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()

    visit(page, "/en/courses/")
    page.get_by_role("link", name="Peer coaching").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enrol in this course").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Lezione 1.1", exact=True)).to_be_visible()

    bar = page.locator("progress")
    assert bar.get_attribute("value") == "0"
    page.get_by_role("button", name="Mark as complete").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Lezione 1.2", exact=True)).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "1"
    expect(page.get_by_text("Lessons done: 1 of 4 (25%)")).to_be_visible()

    page.get_by_role("button", name="Mark as complete").click()
    assert_accessible(page)
    expect(page.get_by_text("Lessons done: 2 of 4 (50%)")).to_be_visible()
    assert LessonProgress.objects.filter(user=trainee).count() == 2

    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    # The page first sends what waits offline and clears the saved pages, then logs out.
    page.get_by_text("You have logged out.").wait_for()
    assert_accessible(page)
    log_in(page, "learner@example.org")
    expect(page.get_by_text("Lessons done: 2 of 4 (50%)")).to_be_visible()
    page.get_by_role("link", name=re.compile("Continue")).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Lezione 2.1", exact=True)).to_be_visible()


def test_trainer_takes_attendance_on_a_phone(phone_page, home_page):
    """On a 390×844 screen a trainer marks three people and sees the marks saved."""
    page = phone_page
    catalog = make_catalog(home_page)
    course = make_course(catalog, title="Laboratori", modules=1, lessons=1)
    trainer = UserFactory(
        role=Role.TRAINER, email="coach@example.org", username="coach@example.org"
    )
    cohort = make_cohort(course, name="Bari 2026", trainers=[trainer])
    people = [
        UserFactory(role=Role.TRAINEE, first_name=name, last_name="Demo")
        for name in ("Amina", "Kwame", "Lina")
    ]
    for person in people:
        enrollment_create(user=person, course=course, cohort=cohort)
    session = make_session(cohort, course, days=-1, title="Civic tech workshop")

    log_in(page, "coach@example.org")
    visit(page, "/en/learn/sessions/")
    page.get_by_role("link", name=re.compile("Take attendance")).click()
    assert_accessible(page)
    for name, status in (("Amina", "Present"), ("Kwame", "Absent"), ("Lina", "Excused")):
        group = page.get_by_role("group", name=f"{name} Demo")
        choice = group.get_by_label(status)
        box = group.locator("label", has_text=status).bounding_box()
        assert box["height"] >= 44  # a comfortable touch target
        choice.check()
    # Nothing sticks out sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Issue 15, item 20: a segmented control per row (the three statuses side by side),
    # a compact row per learner, and the save bar in view while scrolling the list.
    group = page.get_by_role("group", name="Amina Demo")
    tops = {round(label.bounding_box()["y"]) for label in group.locator("label.choice").all()}
    assert len(tops) == 1, tops
    assert group.bounding_box()["height"] < 220
    bar = page.locator(".attendance__save")
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= 844 + 1
    assert not page.locator("#wagtail-userbar, wagtail-userbar").count()
    save = page.get_by_role("button", name="Save attendance")
    assert save.bounding_box()["width"] <= 390
    save.click()
    assert_accessible(page)
    expect(page.get_by_text("Attendance saved: 3 lines recorded.")).to_be_visible()
    assert page.get_by_role("group", name="Kwame Demo").get_by_label("Absent").is_checked()
    statuses = dict(
        AttendanceEntry.objects.current()
        .filter(session=session)
        .values_list("user__first_name", "status")
    )
    assert statuses == {"Amina": "present", "Kwame": "absent", "Lina": "excused"}

    # End of the day: close the register; Kwame turns out to have come for an hour.
    page.get_by_role("button", name="Close the register").click()
    expect(page.get_by_text("Register closed").first).to_be_visible()
    kwame = page.get_by_role("group", name="Kwame Demo")
    kwame.get_by_label("Present").check()
    kwame.get_by_label("Partial hours").fill("1")
    page.get_by_role("button", name="Save attendance").click()
    # No reason: refused, and what was typed is still there.
    expect(page.get_by_text("Reason: the register is closed")).to_be_visible()
    assert (
        page.get_by_role("group", name="Kwame Demo").get_by_label("Partial hours").input_value()
        == "1"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_label("Reason for the correction").fill("Arrived late, signed the paper sheet")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 line recorded.")).to_be_visible()
    lines = AttendanceEntry.objects.filter(session=session, user__first_name="Kwame")
    assert [(line.status, line.hours) for line in lines] == [("absent", None), ("present", 1)]
    assert lines.last().reason == "Arrived late, signed the paper sheet"
    assert get_user_model().objects.count() == 4


def test_visitor_pages_through_a_filtered_catalogue_on_a_phone(phone_page, home_page):
    """Fourteen courses on a topic: twelve on the first page, the rest one tap away,
    with the topic still chosen."""
    page = phone_page
    catalog = make_catalog(home_page)
    for n in range(14):
        make_course(catalog, title=f"Corso {n:02}", modules=0, tags=["ascolto"])
    make_course(catalog, title="Altro tema", modules=0, tags=["politiche"])
    visit(page, "/courses/?tag=ascolto")
    cards = page.locator(".course-card")
    assert cards.count() == 12
    expect(page.get_by_text("Corsi trovati: 14 · pagina 1 di 2")).to_be_visible()
    nav = page.get_by_role("navigation", name="Pagine dei corsi")
    nav.get_by_role("link", name="Pagina successiva").click()
    assert_accessible(page)
    assert cards.count() == 2
    expect(page.get_by_role("link", name="Corso 13")).to_be_visible()
    assert "tag=ascolto" in page.url
    current = nav.locator('[aria-current="page"]')
    assert current.inner_text().strip().endswith("2")
    box = nav.get_by_role("link", name="Pagina precedente").bounding_box()
    assert box["height"] >= 44


def test_the_journal_confirmation_is_next_to_the_button_and_takes_the_focus(
    phone_page, english_course
):
    """Issue 15, item 16: after "Save to my journal" on a phone the confirmation is on
    screen right under the button, and the focus is on it (screen readers read it)."""
    from tests.courses.factories import lessons_of

    trainee = UserFactory(
        role=Role.TRAINEE, email="writer@example.org", username="writer@example.org"
    )
    enrollment_create(user=trainee, course=english_course)
    log_in(phone_page, "writer@example.org")
    visit(phone_page, "/en" + lessons_of(english_course)[0].url)
    phone_page.locator("#reflection textarea").fill("Ho imparato ad ascoltare.")
    phone_page.get_by_role("button", name="Save to my journal").click()
    confirmation = phone_page.locator("#reflection-saved")
    confirmation.wait_for()
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.activeElement.id") == "reflection-saved"
    box = confirmation.bounding_box()
    button = phone_page.get_by_role("button", name="Save to my journal").bounding_box()
    viewport = phone_page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]  # on screen
    assert 0 <= box["y"] - (button["y"] + button["height"]) < 120  # right under the button
