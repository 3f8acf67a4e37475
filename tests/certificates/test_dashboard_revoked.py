"""After a revocation the dashboard explains it instead of "no certificates yet"."""

import pytest
from django.utils import translation

from certificates.services import certificate_revoke

pytestmark = pytest.mark.django_db


def test_a_revoked_certificate_is_explained_on_the_dashboard(trainee_client, issued, coordinator):
    certificate_revoke(certificate=issued, by=coordinator, reason="Ore non registrate")
    with translation.override("en"):
        html = trainee_client.get("/en/dashboard/").content.decode()
    assert "no certificates yet" not in html
    assert "was revoked on" in html
    assert "Ore non registrate" in html
    assert "ask your coordinator" in html
