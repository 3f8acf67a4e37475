"""The one safe URL fetcher every PDF is rendered with (WeasyPrint).

A PDF is laid out from text people typed (a proposal, a certificate template), so
rendering must never make the server reach out: the fetcher serves ``data:`` URLs,
files inside the directories its caller names, and, if asked, the project's own
static and media files under ``SITE_URL``; everything else raises ``RefusedURL``
(WeasyPrint then leaves the resource out and logs why). It lives here, below every
app, so that courses and certificates share it without importing each other.
"""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage


class RefusedURL(ValueError):
    """A resource a PDF may not load."""


def _mime(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _site_file(path: str) -> bytes | None:
    """The bytes of one of the project's static or media files at ``path``, or None."""
    if path.startswith(settings.STATIC_URL):
        relative = path[len(settings.STATIC_URL) :]
        found = finders.find(relative) if ".." not in relative else None
        if found:
            return Path(found).read_bytes()
    elif path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL) :]
        if ".." not in name and default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read()
    return None


def local_file(url: str, *, directories: tuple[Path, ...], site_files: bool) -> tuple[bytes, str]:
    """The bytes and MIME type behind an allowed URL; ``RefusedURL`` for anything else."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme == "file":
        target = Path(path).resolve()
        if target.is_file() and any(directory in target.parents for directory in directories):
            return target.read_bytes(), _mime(path)
    elif (
        site_files
        and parts.scheme in ("http", "https")
        and parts.netloc == urlsplit(settings.SITE_URL).netloc
    ):
        body = _site_file(path)
        if body is not None:
            return body, _mime(path)
    raise RefusedURL(f"not a data: URL nor one of the project's own files: {url}")


@functools.cache
def local_url_fetcher(*, directories: tuple[Path, ...] = (), site_files: bool = False):
    """A WeasyPrint fetcher that never opens a network connection.

    It serves ``data:`` URLs, ``file:`` URLs of files inside ``directories`` and, with
    ``site_files``, the static and media files of ``SITE_URL``. One instance per
    configuration and process: it keeps no per-document state.
    """
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    resolved = tuple(Path(directory).resolve() for directory in directories)

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, mime = local_file(url, directories=resolved, site_files=site_files)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalOnlyFetcher(timeout=2, allowed_protocols={"data"}, allow_redirects=False)
