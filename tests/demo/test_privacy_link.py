"""The sign-up consent and every page's footer link the privacy notice they mention."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_consent_links_the_privacy_notice_which_opens(client, demo, prefix):
    signup = client.get(f"{prefix}/accounts/signup/").content.decode()
    link = f'href="{prefix}/accounts/privacy/"'
    consent = signup[signup.index('id="id_consent"') :]
    assert link in consent[: consent.index("</div>") + 400]  # beside the checkbox
    assert link in signup[signup.index("<footer") :]  # and in the footer
    response = client.get(f"{prefix}/accounts/privacy/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].rstrip("/").endswith("privacy")
