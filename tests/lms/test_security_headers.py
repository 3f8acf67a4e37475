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


def test_the_site_policy_allows_no_inline_script_and_the_admin_only_inline_styles(client):
    site = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in site and "unsafe-inline" not in site
    assert "object-src 'none'" in site
    admin = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin
