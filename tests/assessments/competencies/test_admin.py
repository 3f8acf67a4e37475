"""Competency admin: viewsets, import/export screens and the locked scale."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessments.competencies import services
from assessments.models import Competency, CompetencyFramework, Evidence, ProficiencyScale

from .factories import trains
from .test_interchange import MOODLE_EXPORT


def it(message: str, **params) -> str:
    """``message`` as the admin shows it to Italian-speaking staff (the default)."""
    with translation.override("it"):
        text = translation.gettext(message)
    return text % params if params else text


@pytest.fixture(autouse=True)
def _site(home_page):
    return home_page


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/assessments/competencyframework/",
        "/admin/snippets/assessments/competency/",
        "/admin/snippets/assessments/proficiencyscale/",
        "/admin/snippets/assessments/selfassessment/",
        "/admin/snippets/assessments/competencyalignment/",
        "/admin/competency_interchange/",
    ],
)
def test_trainer_reaches_competency_admin(tree, trainer_client, url):
    response = trainer_client.get(url)
    assert response.status_code == 200


def test_upload_moodle_csv_in_admin(db, coordinator_client):
    response = coordinator_client.post(
        "/admin/competency_interchange/",
        {
            "file": SimpleUploadedFile("digcomp.csv", MOODLE_EXPORT.encode("utf-8")),
            "format": "moodle-csv",
        },
        follow=True,
    )
    # The admin speaks the staff member's language: Italian by default.
    assert "Importato Digital competences con 3 competenze." in response.content.decode()
    assert CompetencyFramework.objects.filter(idnumber="DIGCOMP").exists()


def test_bad_upload_lists_problems_and_saves_nothing(db, coordinator_client):
    bad = MOODLE_EXPORT.replace("D1,D1.2,", "D9,D1.2,")
    response = coordinator_client.post(
        "/admin/competency_interchange/",
        {"file": SimpleUploadedFile("bad.csv", bad.encode("utf-8")), "format": "moodle-csv"},
    )
    html = response.content.decode()
    assert it("Nothing was imported. Problems to fix: %(count)s.", count=1) in html
    row = it("Row %(number)s", number=5)
    assert f"{row}: {it('The parent %(parent)s is not in the file.', parent='D9')}" in html
    assert not CompetencyFramework.objects.exists()


def test_download_both_formats(tree, trainer_client):
    framework = tree[0]
    response = trainer_client.get(f"/admin/competency_interchange/{framework.pk}/moodle-csv/")
    assert response["Content-Disposition"] == 'attachment; filename="fw.csv"'
    assert response.content.decode().startswith("Parent ID number,ID number,Short name")
    response = trainer_client.get(f"/admin/competency_interchange/{framework.pk}/case/")
    assert response["Content-Type"] == "application/json"


def test_trainee_cannot_download(tree, trainee_client):
    response = trainee_client.get(f"/admin/competency_interchange/{tree[0].pk}/case/")
    assert response.status_code == 403


def _scale_post(scale, *, rename_level_to=None):
    levels = scale.level_list()
    data = {
        "name": scale.name,
        "name_en": scale.name_en,
        "proficient_from": scale.proficient_from,
        "levels-TOTAL_FORMS": len(levels),
        "levels-INITIAL_FORMS": len(levels),
        "levels-MIN_NUM_FORMS": 2,
        "levels-MAX_NUM_FORMS": 1000,
    }
    for n, level in enumerate(levels):
        data.update(
            {
                f"levels-{n}-id": level.pk,
                f"levels-{n}-name": level.name,
                f"levels-{n}-name_en": level.name_en,
                f"levels-{n}-ORDER": n + 1,
                f"levels-{n}-DELETE": "",
            }
        )
    if rename_level_to:
        data["levels-0-name"] = rename_level_to
    return data


def test_scale_cannot_change_once_ratings_use_it(tree, coordinator, trainer, trainee, client):
    framework, _area, _listening, _questions, feedback = tree
    scale = framework.scale
    url = f"/admin/snippets/assessments/proficiencyscale/edit/{scale.pk}/"
    client.force_login(coordinator)
    # Not used yet: a level may be renamed.
    response = client.post(url, _scale_post(scale, rename_level_to="Inizio"))
    assert response.status_code == 302
    assert scale.level_list()[0].name == "Inizio"

    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=feedback,
        level=3,
        observed_on=datetime.date(2026, 3, 1),
    )
    response = client.post(url, _scale_post(scale, rename_level_to="Nuovo nome"))
    assert response.status_code == 200
    assert (
        it(
            "Learners already have ratings on this scale, so its levels cannot change. "
            "Create a new scale instead."
        )
        in response.content.decode()
    )
    assert ProficiencyScale.objects.get(pk=scale.pk).level_list()[0].name == "Inizio"


def _delete_url(obj):
    meta = obj._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:delete", args=[obj.pk])


def test_deleting_a_competency_with_evidence_is_refused_with_a_message(
    tree, trainer, trainee, admin_client
):
    framework, area, listening, questions, _feedback = tree
    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=listening,
        level=3,
        observed_on=datetime.date(2026, 3, 1),
    )
    # The competency itself, its area (evidence under it) and the framework: refused,
    # on the confirmation page and on the confirming POST, nothing deleted.
    for obj in (listening, area, framework):
        for method in (admin_client.get, admin_client.post):
            response = method(_delete_url(obj), follow=True)
            assert response.status_code == 200
            page = response.content.decode()
            # The admin speaks the person's language (Italian or English here).
            assert "Nothing was deleted" in page or "Non è stato cancellato nulla" in page, obj
    assert Competency.objects.filter(pk__in=[listening.pk, area.pk]).count() == 2
    assert Evidence.objects.filter(competency=listening).count() == 1
    # The bulk delete too.
    bulk = (
        reverse("wagtail_bulk_action", args=["assessments", "competency", "delete"])
        + f"?id={listening.pk}"
    )
    response = admin_client.post(bulk, follow=True)
    page = response.content.decode()
    assert "Nothing was deleted" in page or "Non è stato cancellato nulla" in page
    assert Competency.objects.filter(pk=listening.pk).exists()
    # A competency nobody used still goes.
    admin_client.post(_delete_url(questions))
    assert not Competency.objects.filter(pk=questions.pk).exists()
