"""What each app says is due through ``NOTIFICATIONS_DUE``: quizzes closing tomorrow
(to those enrolled who have not submitted), and every registered answer's link."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from assessments.models import Attempt
from courses.services import enrollment_create
from lms import hooks as lms_hooks
from lms.notifications import services
from lms.notifications.models import Channel, Message
from tests.assessments.conftest import make_quiz
from tests.courses.factories import make_catalog, make_course, modules_of
from tests.factories import TraineeFactory

pytestmark = pytest.mark.django_db


def test_a_quiz_closing_tomorrow_reminds_those_who_have_not_submitted(home_page):
    course = make_course(make_catalog(home_page), modules=1, lessons=1)
    module = modules_of(course)[0]
    closing = make_quiz(module, title="Quiz finale", closes_at=timezone.now() + timedelta(hours=20))
    make_quiz(module, title="Più tardi", closes_at=timezone.now() + timedelta(days=3))
    waiting, done, outsider = TraineeFactory(), TraineeFactory(), TraineeFactory()
    for person in (waiting, done):
        enrollment_create(user=person, course=course)
    now = timezone.now()
    Attempt.objects.create(
        quiz=closing, user=done, number=1, state="graded", started_at=now, submitted_at=now
    )
    for person in (waiting, done, outsider):
        services.opt_in(user=person, channel=Channel.EMAIL, language="it")

    call_command("send_reminders")
    call_command("send_reminders")

    [message] = Message.objects.all()
    assert (message.user, message.kind, message.status) == (waiting, "quiz_closes", "sent")


def test_every_app_answers_with_a_list_and_its_links_reverse(db):
    functions = hooks.get_hooks(lms_hooks.NOTIFICATIONS_DUE)
    assert len(functions) >= 4  # sessions, lab responses, quizzes, certificates
    for function in functions:
        assert function(now=timezone.now()) == []
    assert reverse("courses:lab:proposal", kwargs={"path_pk": 1, "pk": 2})
    assert reverse("certificates:mine") and reverse("courses:dashboard")
