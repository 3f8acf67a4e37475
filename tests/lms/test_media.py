"""Private uploads are never handed out as plain media files, even in development."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from lms.views import serve_public_media


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "lab" / "private").mkdir(parents=True)
    (tmp_path / "lab" / "private" / "secret.pdf").write_bytes(b"%PDF-1.4 private")
    (tmp_path / "certificates").mkdir()
    (tmp_path / "certificates" / "cert.pdf").write_bytes(b"%PDF-1.4 certificate")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "public.txt").write_text("public")
    return tmp_path


@pytest.mark.parametrize(
    "path",
    [
        "lab/private/secret.pdf",
        "/lab/private/secret.pdf",
        "certificates/cert.pdf",
        "lab/./private/secret.pdf",
        "images/../lab/private/secret.pdf",
    ],
)
def test_private_folders_are_not_served(media_root, path):
    request = RequestFactory().get(f"/media/{path}")
    with pytest.raises(Http404):
        serve_public_media(request, path)


def test_public_uploads_are_served(media_root):
    request = RequestFactory().get("/media/images/public.txt")
    response = serve_public_media(request, "images/public.txt")
    assert b"".join(response.streaming_content) == b"public"
