"""Who may download a PDF or a badge: holder, their trainers, coordinators; else 404."""

import pytest
from django.contrib.auth.models import AnonymousUser

from certificates.selectors import certificate_for_download
from tests.factories import TrainerFactory


def test_holder_downloads_pdf_and_badges(trainee_client, aligned, issued):
    response = trainee_client.get(f"/certificates/{issued.code}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    badge = trainee_client.get(f"/certificates/{issued.code}/badge.json").json()
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["criteria"]["narrative"]
    assert [a["targetName"] for a in achievement["alignment"]] == [
        "Active listening",
        "Powerful questions",
    ]
    assert {a["targetType"] for a in achievement["alignment"]} == {"CFItem"}
    assert badge["validFrom"].endswith("Z")
    jwt = trainee_client.get(f"/certificates/{issued.code}/badge.jwt")
    assert jwt.content.decode() == issued.credential_jwt


def test_coordinator_downloads(coordinator_client, issued):
    assert coordinator_client.get(f"/certificates/{issued.code}/pdf/").status_code == 200


@pytest.mark.parametrize("suffix", ["pdf/", "badge.json", "badge.jwt"])
def test_other_people_get_404(client, issued, other_trainee, suffix):
    client.force_login(other_trainee)
    assert client.get(f"/certificates/{issued.code}/{suffix}").status_code == 404
    client.force_login(TrainerFactory())  # a trainer who does not train the holder
    assert client.get(f"/certificates/{issued.code}/{suffix}").status_code == 404


def test_guessed_code_is_404(trainee_client, db):
    assert trainee_client.get("/certificates/AAAA-BBBB-CCCC-DDDD-EEEE/pdf/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, issued):
    response = client.get(f"/certificates/{issued.code}/pdf/")
    assert response.status_code == 302
    assert certificate_for_download(user=AnonymousUser(), code=issued.code) is None


def test_my_certificates_page_marks_them_seen(trainee_client, issued):
    response = trainee_client.get("/en/certificates/")
    assert response.status_code == 200
    assert issued.code in response.content.decode()
    issued.refresh_from_db()
    assert issued.seen_at is not None


def test_my_certificates_query_count_does_not_grow(
    trainee_client, trainee, rule, django_assert_max_num_queries
):
    from certificates.models import CertificateRule
    from certificates.services import certificate_issue

    certificate_issue(rule=rule, user=trainee, check=False, notify=False)
    with django_assert_max_num_queries(12) as small:
        trainee_client.get("/en/certificates/")
    for i in range(10):
        other = CertificateRule.objects.create(
            name=f"Rule {i}", course=rule.course, template=rule.template, competencies=""
        )
        certificate_issue(rule=other, user=trainee, check=False, notify=False)
    with django_assert_max_num_queries(len(small.captured_queries)):
        trainee_client.get("/en/certificates/")


def test_dashboard_shows_a_new_certificate(trainee_client, issued, home_page):
    page = trainee_client.get("/en/dashboard/").content.decode()
    assert "You have a new certificate." in page
    assert f"/certificates/{issued.code}/pdf/" in page
    trainee_client.get("/en/certificates/")
    assert (
        "You have a new certificate." not in trainee_client.get("/en/dashboard/").content.decode()
    )
