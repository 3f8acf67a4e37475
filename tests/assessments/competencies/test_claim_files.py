"""Prior-learning files: private names, content checks, size cap, no photo metadata,
a permission-checked download, gone with the account (issue 13, item 1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assessments.models import PriorLearningClaim
from lms.accounts.services import user_erase
from tests.factories import CoordinatorFactory, TrainerFactory

URL = "/en/competencies/prior-learning/"


@pytest.fixture(autouse=True)
def _site(home_page):
    return home_page


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (41.0, 7.0, 0.0)}  # GPSInfo: latitude
    exif[0x010F] = "PhoneMaker"
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def _submit(client, competency, name, content):
    return client.post(
        URL,
        {
            "competency": competency.pk,
            "description": "My passport and my diploma.",
            "file": SimpleUploadedFile(name, content),
        },
        follow=True,
    )


def test_photo_is_stored_under_a_random_private_name_without_metadata(
    tree, trainee, trainee_client
):
    photo = _photo_with_gps()
    assert b"PhoneMaker" in photo
    _submit(trainee_client, tree[4], "passport-mario-rossi.jpg", photo)
    claim = PriorLearningClaim.objects.get(user=trainee)
    assert claim.file.name.startswith("prior-learning/")
    assert "passport" not in claim.file.name and "rossi" not in claim.file.name
    with claim.file.open("rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("diploma.pdf", b"MZ\x90\x00 not a pdf", "does not look like a real PDF"),
        ("photo.jpg", b"%PDF-1.4 a pdf renamed", "does not look like a real JPG"),
        ("tool.exe", b"MZ", "This kind of file cannot be attached"),
        ("big.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "The file is too large"),
    ],
)
def test_files_are_checked_by_content_and_size(tree, trainee_client, name, content, message):
    response = _submit(trainee_client, tree[4], name, content)
    html = response.content.decode()
    assert message in html
    assert "My passport and my diploma." in html  # the form keeps what was typed
    assert not PriorLearningClaim.objects.exists()


def test_download_is_for_the_owner_their_trainers_and_coordinators_only(
    tree, taught, trainee, trainee_client, trainer, other_trainee, client
):
    _submit(trainee_client, tree[4], "diploma.pdf", b"%PDF-1.4 diploma")
    claim = PriorLearningClaim.objects.get(user=trainee)
    address = f"/en/competencies/claims/{claim.pk}/file/"

    response = trainee_client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 diploma"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]

    for person, status in [
        (trainer, 200),
        (CoordinatorFactory(), 200),
        (TrainerFactory(), 404),  # trains another cohort
        (other_trainee, 404),
    ]:
        client.force_login(person)
        assert client.get(address).status_code == status, person
    client.logout()
    assert client.get(address).status_code == 302  # to the login page
    # The plain media address is refused (the proxy rule, and the dev server).
    assert client.get(f"/media/{claim.file.name}").status_code == 404


def test_trainer_list_links_to_the_checked_download(
    tree, taught, trainee, trainee_client, trainer, client
):
    _submit(trainee_client, tree[4], "diploma.pdf", b"%PDF-1.4 diploma")
    claim = PriorLearningClaim.objects.get(user=trainee)
    client.force_login(trainer)
    html = client.get("/en/competencies/claims/").content.decode()
    assert f"/competencies/claims/{claim.pk}/file/" in html
    assert "/media/" not in html


def test_erasing_the_account_deletes_the_file_after_commit(
    tree, trainee, trainee_client, django_capture_on_commit_callbacks
):
    _submit(trainee_client, tree[4], "diploma.pdf", b"%PDF-1.4 diploma")
    file = PriorLearningClaim.objects.get(user=trainee).file
    storage, name = file.storage, file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_erase(user=trainee)
    assert storage.exists(name)  # nothing is deleted before the erasure commits
    for callback in callbacks:
        callback()
    assert not storage.exists(name)
