"""Files attached to prior-learning claims: checked, cleaned and stored privately.

A claim's file is often an identity document or a photo of one (a passport scan, a
school certificate with a photo), so it is treated exactly as a lab attachment is:
the content is checked against the extension (``courses.lab.uploads``), photos are
re-encoded without their metadata (no GPS position), the size is capped, the stored
name is random and under the private ``prior-learning/`` prefix (never served as a
plain media file), and the file is only handed out by ``views.claim_file``, which
checks who is asking. The file goes with its claim, after the deletion commits.
"""

from __future__ import annotations

import uuid

from courses.lab.uploads import (  # noqa: F401  (re-exported for the claim model and views)
    ALLOWED_EXTENSIONS,
    clean_attachment,
    content_type_for,
    extension_of,
    is_image,
)

PRIVATE_PREFIX = "prior-learning/"


def claim_upload_to(instance, filename: str) -> str:
    """A random, unguessable name under the private prefix; only the extension is kept."""
    extension = extension_of(filename)
    extension = "jpg" if extension == "jpeg" else extension
    return f"{PRIVATE_PREFIX}{uuid.uuid4().hex}.{extension}"


def delete_claim_file(sender, instance, **kwargs) -> None:
    """``post_delete`` receiver: a deleted claim (an erased account's too) takes its
    file with it, once the deletion is committed."""
    from django.db import transaction

    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
