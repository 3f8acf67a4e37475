import pytest

from lms import sms

from .fake_sms_provider import FakeProvider


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def provider(settings):
    """The HTTP backend pointed at a local fake provider."""
    with FakeProvider() as fake:
        settings.SMS_BACKEND = "lms.sms.HttpBackend"
        settings.SMS_HTTP_URL = fake.url
        settings.SMS_HTTP_ACCOUNT = fake.account
        settings.SMS_HTTP_TOKEN = fake.token
        settings.SMS_HTTP_TIMEOUT = 0.5
        settings.SMS_FROM = "ImpactLMS"
        yield fake


class _Inbox:
    """What a real SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes, policy

        self.messages.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port, and Django's SMTP backend
    pointed at it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
