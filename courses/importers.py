"""Bulk enrolment from a CSV file (admin upload and ``import_enrollments``).

The whole file is checked before anything is written: one bad row stops the
import, every bad row is reported with its line number, and nothing is half
imported. Running the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lms.accounts.models import Territory
from lms.accounts.services import user_signup

from .exceptions import EnrollmentImportError
from .models import Cohort, CoursePage, Enrollment, canonical_page
from .services import enrollment_create

User = get_user_model()

COLUMNS = ("email", "first_name", "last_name", "cohort", "language")
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    cohort: Cohort | None
    language: str


@dataclass
class ImportResult:
    created_people: list[str] = field(default_factory=list)
    enrolled: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: People already enrolled whom the file puts in another cohort: moved there.
    moved: list[str] = field(default_factory=list)


@dataclass
class PlannedRow:
    """What importing one row will do (the preview, nothing written)."""

    line: int
    email: str
    action: str  # "invite" (new person, enrolled), "enrol", "move", "unchanged"
    cohort: Cohort | None
    previous_cohort: Cohort | None = None


SAMPLE_CSV = (
    "email,first_name,last_name,cohort,language\r\n"
    "amina.example@example.org,Amina,Diallo,Bari 2026,fr\r\n"
    "rahel.example@example.org,Rahel,Tesfaye,,it\r\n"
)


def enrollment_import_plan(
    *, data: bytes | str, course: CoursePage, default_cohort: Cohort | None = None
) -> list[PlannedRow]:
    """Check the file and say, row by row, what importing it would do (writes nothing).

    Raises EnrollmentImportError like the import itself. Three queries however long
    the file: cohorts, people, their enrolments in the course.
    """
    course = canonical_page(course)
    rows = enrollment_import_check(data=data, course=course, default_cohort=default_cohort)
    users = {u.username: u for u in User.objects.filter(username__in=[r.email for r in rows])}
    enrollments = {
        e.user_id: e
        for e in Enrollment.objects.filter(course=course, user__in=users.values()).select_related(
            "cohort"
        )
    }
    plan = []
    for row in rows:
        user = users.get(row.email)
        enrollment = enrollments.get(user.pk) if user else None
        if user is None:
            action, previous = "invite", None
        elif enrollment is None:
            action, previous = "enrol", None
        elif row.cohort is not None and enrollment.cohort_id != row.cohort.pk:
            action, previous = "move", enrollment.cohort
        else:
            action, previous = "unchanged", enrollment.cohort
        plan.append(PlannedRow(row.line, row.email, action, row.cohort, previous))
    return plan


def _read(data: bytes | str) -> list[dict]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise EnrollmentImportError(
                [(1, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
            ) from None
    first_line = data.split("\n", 1)[0]
    # Spreadsheets set to Italian save "CSV" with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(data), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in ("email", "first_name", "last_name") if name not in header]
    if missing:
        raise EnrollmentImportError(
            [(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    reader.fieldnames = header
    return list(reader)


def enrollment_import_check(
    *, data: bytes | str, course: CoursePage, default_cohort: Cohort | None = None
) -> list[ImportRow]:
    """Check every row of the file; raise ``EnrollmentImportError`` listing all bad rows."""
    course = canonical_page(course)
    rows = _read(data)
    if len(rows) > MAX_ROWS:
        raise EnrollmentImportError([(1, _("At most %(max)s rows per file.") % {"max": MAX_ROWS})])
    cohorts = {c.name.casefold(): c for c in Cohort.objects.prefetch_related("courses")}
    languages = {code for code, _name in settings.LANGUAGES}
    errors: list[tuple[int, str]] = []
    checked: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(rows, start=2):
        if None in raw:  # more cells than columns
            errors.append((line, _("This row has more cells than the header.")))
            continue
        value = {key: (raw.get(key) or "").strip() for key in COLUMNS}
        if not any(value.values()):
            continue  # blank line
        reasons = []
        email = value["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("“%(email)s” is not a valid e-mail address.") % {"email": email})
        else:
            if email in seen:
                reasons.append(
                    _("%(email)s is already on line %(line)s.")
                    % {"email": email, "line": seen[email]}
                )
            seen.setdefault(email, line)
        if not value["first_name"]:
            reasons.append(_("The first name is missing."))
        if not value["last_name"]:
            reasons.append(_("The last name is missing."))
        language = value["language"].lower() or settings.LANGUAGE_CODE
        if language not in languages:
            reasons.append(
                _("Unknown language “%(language)s” (use %(choices)s).")
                % {"language": value["language"], "choices": ", ".join(sorted(languages))}
            )
        cohort = default_cohort
        if value["cohort"]:
            cohort = cohorts.get(value["cohort"].casefold())
            if cohort is None:
                reasons.append(_("Unknown cohort “%(cohort)s”.") % {"cohort": value["cohort"]})
        if cohort is not None and course not in cohort.courses.all():
            reasons.append(
                _("The cohort %(cohort)s does not follow this course.") % {"cohort": cohort.name}
            )
        if reasons:
            errors.append((line, " ".join(str(reason) for reason in reasons)))
            continue
        checked.append(
            ImportRow(
                line=line,
                email=email,
                first_name=value["first_name"],
                last_name=value["last_name"],
                cohort=cohort,
                language=language,
            )
        )
    if errors:
        raise EnrollmentImportError(errors)
    if not checked:
        raise EnrollmentImportError([(1, _("The file has no rows to import."))])
    return checked


@transaction.atomic
def enrollment_import(
    *,
    data: bytes | str,
    course: CoursePage,
    default_cohort: Cohort | None = None,
    enrolled_by=None,
) -> ImportResult:
    """Check the whole file, then create missing people and enrol everyone.

    New people get an account without a password and an e-mail with a link to set
    one, sent only once the import has been committed.
    """
    course = canonical_page(course)
    rows = enrollment_import_check(data=data, course=course, default_cohort=default_cohort)
    result = ImportResult()
    existing = {u.username: u for u in User.objects.filter(username__in=[r.email for r in rows])}
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = user_signup(
                email=row.email,
                password=None,
                display_name=f"{row.first_name} {row.last_name}",
                preferred_language=row.language,
                territory=row.cohort.territory if row.cohort else Territory.OTHER,
                first_name=row.first_name,
                last_name=row.last_name,
            )
            result.created_people.append(row.email)
            transaction.on_commit(lambda user=user: send_activation_email(user=user))
        enrollment, created = enrollment_create(
            user=user,
            course=course,
            cohort=row.cohort,
            source=Enrollment.Source.IMPORT,
            enrolled_by=enrolled_by,
        )
        if created:
            result.enrolled.append(row.email)
        elif row.cohort is not None and enrollment.cohort_id != row.cohort.pk:
            # The file names their cohort: an import is how coordinators move people.
            enrollment.cohort = row.cohort
            enrollment.save(update_fields=["cohort"])
            result.moved.append(row.email)
        else:
            result.unchanged.append(row.email)
    return result


def send_activation_email(*, user) -> None:
    """E-mail ``user`` a link to choose their password (the password-reset link)."""
    language = getattr(getattr(user, "profile", None), "preferred_language", settings.LANGUAGE_CODE)
    with translation.override(language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "url": settings.SITE_URL + path}
        send_mail(
            subject=_("Your Impact LMS account"),
            message=render_to_string("courses/email/activation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
