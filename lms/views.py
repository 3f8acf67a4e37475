"""Project-level views."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def serve_public_media(request, path):
    """Development server for uploads that refuses the private folders.

    Certificate PDFs and lab attachments live under ``MEDIA_ROOT`` too, but only their
    own views (which check the holder, trainers, path members) may hand them out.
    """
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if any(normalised.startswith(prefix) for prefix in settings.PRIVATE_MEDIA_PREFIXES):
        raise Http404
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
