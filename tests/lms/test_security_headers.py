"""Every response turns off the browser features no page needs (Permissions-Policy)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/admin/login/", "certificates:verify_form"])
def test_permissions_policy_turns_off_camera_microphone_and_location(client, url):
    response = client.get(url if url.startswith("/") else reverse(url), follow=False)
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
