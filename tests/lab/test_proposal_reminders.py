"""'Your proposal got a response': the group's members are reminded once, by the channels
they chose, with a link to the proposal in their language; the official who answered
is not."""

import pytest
from django.core import mail
from django.core.management import call_command

from courses.lab import services
from courses.lab.models import StageKind
from lms.notifications import services as notifications
from lms.notifications.models import Channel, Message

from .factories import open_stage
from .test_proposals import SECTIONS

pytestmark = pytest.mark.django_db


def test_the_group_hears_of_the_response_once(
    lab_path, group, participant, other_participant, official, facilitator
):
    open_stage(lab_path, StageKind.PROPOSALS, user=facilitator)
    proposal = services.proposal_create(path=lab_path, group=group, user=participant, data=SECTIONS)
    services.proposal_submit(proposal=proposal, user=participant)
    participant.profile.preferred_language = "en"
    participant.profile.save()
    for person in (participant, other_participant, official):
        notifications.opt_in(user=person, channel=Channel.EMAIL, language="it")
    services.proposal_respond(
        proposal=proposal, official=official, verdict="welcomed", reasons="Bene."
    )

    call_command("send_reminders")
    call_command("send_reminders")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [participant.email, other_participant.email]
    )
    english = Message.objects.get(user=participant)
    assert english.kind == "proposal_response" and english.language == "en"
    assert english.link == f"http://testserver/en/lab/{lab_path.pk}/proposals/{proposal.pk}/"
    [to_participant] = [m for m in mail.outbox if m.to == [participant.email]]
    assert "Your proposal got a response." in to_participant.body
    assert "Interpreti" not in to_participant.body  # the proposal's title is not sent
