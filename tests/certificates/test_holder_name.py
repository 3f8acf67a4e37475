"""Issue 15, item 15: certificates print the name the person gave for them (given and
family name, any script), never the display name; it is asked before the first issue,
editable by them and their coordinator until a certificate carries it, then locked."""

import io

import pytest
from pypdf import PdfReader

from certificates import services
from certificates.exceptions import NameLocked, NameMissing
from certificates.models import Certificate
from certificates.selectors import eligibility_table
from courses.services import enrollment_create
from lms.accounts.names import certificate_name
from lms.accounts.services import user_erase, user_export_data
from tests.factories import CoordinatorFactory, TraineeFactory

ARABIC_GIVEN, ARABIC_FAMILY = "أمينة", "ديالو"


@pytest.fixture
def nameless(db):
    """A trainee known only by a display name (no name for certificates yet)."""
    person = TraineeFactory(profile__certificate_name=False)
    person.profile.display_name = "Amina"
    person.profile.save()
    return person


def _login(client, user):
    client.force_login(user)
    return client


def test_nothing_is_issued_with_only_a_display_name(rule, nameless, coordinator):
    with pytest.raises(NameMissing) as refused:
        services.certificate_issue(rule=rule, user=nameless, issued_by=coordinator, check=False)
    assert "Amina" in str(refused.value)
    assert not Certificate.objects.filter(user=nameless).exists()


def test_the_batch_says_whose_name_is_missing_and_issues_the_others(
    rule, nameless, trainee, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            rule=rule, requested_by=coordinator, user_ids=[trainee.pk, nameless.pk]
        )
    batch.refresh_from_db()
    assert batch.issued == 1
    (error,) = batch.errors
    assert error["user"] == nameless.pk and "Amina" in error["error"]


def test_the_eligibility_page_links_to_writing_the_missing_name(
    rule, nameless, coordinator_client, monkeypatch
):
    from certificates import learning

    monkeypatch.setattr(learning, "learners", lambda course, cohort=None, **scope: [nameless])
    monkeypatch.setattr("certificates.selectors.is_eligible", lambda checks: True)
    (row,) = eligibility_table(rule=rule)
    assert "Amina" in row.name_problem  # whose name is missing, in the page's language
    page = coordinator_client.get(f"/certificates/rules/{rule.pk}/").content.decode()
    assert f"/certificates/people/{nameless.pk}/name/" in page
    assert '<button type="submit" class="button">' not in page  # nobody to issue to


def test_the_learner_writes_it_in_any_script_and_the_pdf_prints_it(
    client, rule, nameless, coordinator
):
    _login(client, nameless)
    page = client.get("/certificates/").content.decode()
    assert 'id="holder-name-missing"' in page and 'autocomplete="given-name"' in page
    response = client.post(
        "/certificates/", {"given_name": ARABIC_GIVEN, "family_name": ARABIC_FAMILY}
    )
    assert response.status_code == 302
    nameless.refresh_from_db()
    assert certificate_name(nameless) == f"{ARABIC_GIVEN} {ARABIC_FAMILY}"
    nameless.profile.certificate_given_name, nameless.profile.certificate_family_name = (
        "Amina",
        "Diallo Ndiaye",
    )
    nameless.profile.save()
    certificate, _created = services.certificate_issue(
        rule=rule, user=nameless, issued_by=coordinator, check=False
    )
    assert certificate.holder_name == "Amina Diallo Ndiaye"
    with certificate.pdf.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Amina Diallo Ndiaye" in " ".join(text.split())


def test_an_arabic_name_is_issued_as_written(rule, nameless, coordinator):
    services.holder_name_set(
        user=nameless, given_name=ARABIC_GIVEN, family_name=ARABIC_FAMILY, by=nameless
    )
    certificate, _created = services.certificate_issue(
        rule=rule, user=nameless, issued_by=coordinator, check=False
    )
    assert certificate.holder_name == f"{ARABIC_GIVEN} {ARABIC_FAMILY}"


def test_a_name_the_fonts_cannot_draw_is_refused_in_the_form(client, nameless):
    _login(client, nameless)
    page = client.post("/certificates/", {"given_name": "秀英", "family_name": ""})
    assert page.status_code == 200
    assert "U+79C0" in page.content.decode()
    nameless.refresh_from_db()
    assert certificate_name(nameless) == ""


def test_after_issue_the_name_is_locked_and_says_contact_your_coordinator(
    client, issued, trainee, coordinator
):
    before = certificate_name(trainee)
    _login(client, trainee)
    page = client.get("/en/certificates/").content.decode()
    assert 'id="holder-name-locked"' in page and "contact your coordinator" in page
    assert 'name="given_name"' not in page
    response = client.post("/en/certificates/", {"given_name": "Other", "family_name": "Name"})
    assert "contact your coordinator" in response.content.decode()
    with pytest.raises(NameLocked):
        services.holder_name_set(user=trainee, given_name="X", family_name="Y", by=coordinator)
    trainee.refresh_from_db()
    assert certificate_name(trainee) == before == issued.holder_name


def test_the_coordinator_writes_it_for_a_person_in_scope_only(client, nameless, rule):
    _login(client, CoordinatorFactory())
    url = f"/certificates/people/{nameless.pk}/name/?next=/certificates/rules/{rule.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"given_name": "Amina", "family_name": "Diallo"})
    assert response.status_code == 302 and response["Location"] == f"/certificates/rules/{rule.pk}/"
    nameless.refresh_from_db()
    assert certificate_name(nameless) == "Amina Diallo"
    client.logout()
    _login(client, CoordinatorFactory(territories=["lecce"]))
    assert client.get(url).status_code == 404
    client.logout()
    _login(client, TraineeFactory())
    assert client.get(url).status_code == 404


def test_the_dashboard_asks_an_enrolled_learner_for_the_name(client, nameless, rule):
    enrollment_create(user=nameless, course=rule.course.specific)
    _login(client, nameless)
    page = client.get("/dashboard/").content.decode()
    assert 'id="holder-name-prompt"' in page


def test_the_prompt_follows_the_rules_as_they_change(client, nameless, rule):
    """Which courses give a certificate is kept between requests: a rule switched off,
    or on again, changes the dashboard on the next visit."""
    enrollment_create(user=nameless, course=rule.course.specific)
    _login(client, nameless)
    assert 'id="holder-name-prompt"' in client.get("/dashboard/").content.decode()
    rule.is_active = False
    rule.save()
    assert 'id="holder-name-prompt"' not in client.get("/dashboard/").content.decode()
    rule.is_active = True
    rule.save()
    assert 'id="holder-name-prompt"' in client.get("/dashboard/").content.decode()


def test_the_name_is_exported_and_erased(rule, nameless, coordinator):
    services.holder_name_set(
        user=nameless, given_name=ARABIC_GIVEN, family_name=ARABIC_FAMILY, by=nameless
    )
    profile = user_export_data(user=nameless)["profile"]
    assert (profile["certificate_given_name"], profile["certificate_family_name"]) == (
        ARABIC_GIVEN,
        ARABIC_FAMILY,
    )
    certificate, _created = services.certificate_issue(
        rule=rule, user=nameless, issued_by=coordinator, check=False
    )
    user_erase(user=nameless)
    from lms.accounts.models import Profile

    assert not Profile.objects.filter(certificate_given_name=ARABIC_GIVEN).exists()
    certificate.refresh_from_db()
    assert ARABIC_GIVEN not in certificate.holder_name
