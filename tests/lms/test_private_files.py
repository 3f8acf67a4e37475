"""Every file field of the project stores privately, or is public for a stated reason.

The systemic test for uploads: a new ``FileField``/``ImageField`` anywhere (ours or an
installed app's) fails here until its files go under one of
``PRIVATE_MEDIA_PREFIXES`` (served only by views that check who is asking) or it is
added to ``PUBLIC_FILE_FIELDS`` with the reason its files may be public.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import override_settings

# (app label.Model, field): why its files may be served as plain media files.
PUBLIC_FILE_FIELDS = {
    ("wagtailimages.Image", "file"): "published site images chosen by editors for pages",
    ("wagtailimages.Rendition", "file"): "resized copies of the published site images",
    ("wagtailusers.UserProfile", "avatar"): (
        "the admin avatar a staff member chooses to show to other staff (random name)"
    ),
}

# Private fields whose stored name is not random, and why that reveals nothing.
NAMED_BY_CODE_OR_STAFF = {
    ("certificates.Certificate", "pdf"): "named by the issuer from the certificate code",
    ("certificates.CohortPack", "file"): "named by the pack builder from the cohort's id "
    "and the ZIP's SHA-256",
    ("wagtaildocs.Document", "file"): "documents uploaded by staff, named by staff",
    ("wagtailcore.UploadedFile", "file"): "staff uploads waiting for their details",
}


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


FILE_FIELDS = [
    pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
    for model, field in _file_fields()
]


def test_the_enumeration_finds_the_known_private_fields():
    found = {(model._meta.label, field.name) for model, field in _file_fields()}
    assert {
        ("lab.Problem", "attachment"),
        ("assessments.PriorLearningClaim", "file"),
        ("certificates.Certificate", "pdf"),
    } <= found


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), FILE_FIELDS)
def test_file_field_stores_privately_or_is_allowed_public(model, field):
    name = field.generate_filename(model(), "passport scan.jpg")
    key = (model._meta.label, field.name)
    if key in PUBLIC_FILE_FIELDS:
        assert not name.startswith(tuple(settings.PRIVATE_MEDIA_PREFIXES))
        return
    assert name.startswith(tuple(settings.PRIVATE_MEDIA_PREFIXES)), (
        f"{key} stores at {name!r}: use a private prefix or list it in PUBLIC_FILE_FIELDS"
    )
    # Names are random unless the name is never a person's own file name.
    assert "passport" not in name or key in NAMED_BY_CODE_OR_STAFF


def test_every_public_allow_list_entry_is_a_real_field():
    found = {(model._meta.label, field.name) for model, field in _file_fields()}
    assert set(PUBLIC_FILE_FIELDS) <= found


@pytest.fixture
def dev_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    for prefix in settings.PRIVATE_MEDIA_PREFIXES:
        folder = tmp_path / prefix
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "secret.pdf").write_bytes(b"%PDF-1.4 private")
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "public.jpg").write_bytes(b"public image")
    return tmp_path


def _dev_urlconf():
    """The project's URLs as the development server builds them (DEBUG on)."""
    import importlib

    import lms.urls

    with override_settings(DEBUG=True):
        return importlib.reload(lms.urls)


@pytest.fixture
def dev_urls(settings):
    import importlib
    import sys

    import lms.urls

    module = _dev_urlconf()
    sys.modules["lms_dev_urls"] = module
    settings.ROOT_URLCONF = "lms_dev_urls"
    yield
    del sys.modules["lms_dev_urls"]
    importlib.reload(lms.urls)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", settings.PRIVATE_MEDIA_PREFIXES)
def test_a_file_in_each_private_prefix_is_404_through_the_dev_media_server(
    dev_media, dev_urls, client, prefix
):
    assert client.get("/media/original_images/public.jpg").status_code == 200
    assert client.get(f"/media/{prefix}secret.pdf").status_code == 404
    assert client.get(f"/media/original_images/../{prefix}secret.pdf").status_code == 404
