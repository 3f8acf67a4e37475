"""Builders for participatory paths and the people in them."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses.lab import services
from courses.lab.models import LabGroup, ParticipatoryPath, Problem, Stage, StageKind
from courses.lab.models.paths import STAGE_ORDER
from courses.models import Enrollment
from courses.services import enrollment_create
from lms.accounts.models import Profile
from lms.roles import Role
from tests.factories import UserFactory


def make_path(cohort, *, title="Laboratorio Bari", votes=3, facilitator=None, **fields):
    path = ParticipatoryPath.objects.create(
        title=title, cohort=cohort, votes_per_participant=votes, **fields
    )
    for kind in STAGE_ORDER:
        Stage.objects.create(
            path=path,
            kind=kind,
            facilitator=facilitator,
            instructions=[("paragraph", f"<p>Istruzioni per {kind}</p>")],
        )
    return path


def stage(path, kind) -> Stage:
    return Stage.objects.get(path=path, kind=kind)


def open_stage(path, kind, *, user):
    """Close whatever is open and open ``kind`` (as ``user``, a facilitator)."""
    for open_one in Stage.objects.filter(path=path, status="open"):
        services.stage_close(stage=open_one, user=user)
    return services.stage_open(stage=stage(path, kind), user=user)


def make_participant(path, *, official=False, **kwargs):
    user = UserFactory(role=Role.TRAINEE, **kwargs)
    if official:
        Profile.objects.filter(user=user).update(
            is_public_official=True, organisation="Comune di Bari"
        )
        user.refresh_from_db()
    enrol(path, user)
    return user


def enrol(path, user):
    course = path.cohort.courses.first()
    enrollment_create(
        user=user, course=course, cohort=path.cohort, source=Enrollment.Source.COORDINATOR
    )
    return user


def make_group(path, *members, name="Gruppo A"):
    group = LabGroup.objects.create(path=path, name=name)
    group.members.add(*members)
    return group


def make_problem(path, author, *, title="Anagrafe", **fields) -> Problem:
    return services.problem_create(
        path=path,
        author=author,
        title=title,
        description=fields.pop("description", "Non si trova un appuntamento."),
        where=fields.pop("where", "Bari"),
        who_is_affected=fields.pop("who_is_affected", "Nuovi residenti"),
        **fields,
    )


def jpeg(name="fila.jpg", size=(40, 30)) -> SimpleUploadedFile:
    """A real JPEG carrying camera metadata (as phone photos do)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "GPS-Tracker 1.0"  # Software
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


__all__ = ["StageKind"]
