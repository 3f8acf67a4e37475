"""'Your certificate is ready': the holder is told once, with a link to their
certificates and not the certificate's code; a revoked one is not announced."""

import pytest
from django.core.management import call_command

from certificates.services import certificate_revoke
from lms import sms
from lms.notifications import services as notifications
from lms.notifications.models import Channel, Message

pytestmark = pytest.mark.django_db


def _sms_opt_in(person):
    person.profile.phone = "+393471234567"
    person.profile.phone_verified_at = person.date_joined
    person.profile.save()
    notifications.opt_in(user=person, channel=Channel.SMS, language="it")


def test_the_holder_hears_once_that_the_certificate_is_ready(issued, trainee):
    sms.outbox.clear()
    _sms_opt_in(trainee)
    call_command("send_reminders")
    call_command("send_reminders")
    [text] = sms.outbox
    assert text.body.endswith("Il tuo certificato è pronto. http://testserver/certificates/")
    assert issued.code not in text.body
    assert Message.objects.get().kind == "certificate_ready"
    sms.outbox.clear()


def test_a_revoked_certificate_is_not_announced(issued, trainee, coordinator):
    sms.outbox.clear()
    _sms_opt_in(trainee)
    certificate_revoke(certificate=issued, by=coordinator, reason="Errore")
    call_command("send_reminders")
    assert sms.outbox == [] and not Message.objects.exists()
