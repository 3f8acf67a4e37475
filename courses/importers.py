"""Bulk enrolment from a CSV file (admin upload and ``import_enrollments``).

The whole file is checked before anything is written: one bad row stops the
import, every bad row is reported with its line number, and nothing is half
imported. Running the same file again changes nothing.

The e-mail address is optional (issue 19): a row names its person by e-mail, username
or phone number (at least one, so that importing the file again finds the same
person). People without an e-mail address get no invitation: a coordinator prints
them a login card (``/accounts/cards/``).
"""

from __future__ import annotations

import csv
import io
import re
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

from lms.accounts.models import Profile, Territory
from lms.accounts.services import user_signup, username_for
from lms.accounts.validators import normalize_phone, validate_phone

from .exceptions import EnrollmentImportError
from .models import Cohort, CoursePage, Enrollment, canonical_page
from .services import enrollment_create

User = get_user_model()

COLUMNS = ("email", "username", "phone", "first_name", "last_name", "cohort", "language")
#: What a username in the file may hold (Django's rule, without "@": e-mails go in email).
USERNAME_RE = re.compile(r"^[\w.+-]{1,150}$")
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    cohort: Cohort | None
    language: str
    username: str = ""
    phone: str = ""

    @property
    def person(self) -> str:
        """How the row names its person in reports: e-mail, else username, else phone."""
        return self.email or self.username or self.phone


@dataclass
class ImportResult:
    created_people: list[str] = field(default_factory=list)
    enrolled: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: People already enrolled whom the file puts in another cohort: moved there.
    moved: list[str] = field(default_factory=list)
    #: New people without an e-mail address (usernames): they need a login card.
    need_card: list[str] = field(default_factory=list)


@dataclass
class PlannedRow:
    """What importing one row will do (the preview, nothing written)."""

    line: int
    person: str  # the e-mail address, else the username, else the phone number
    # "invite" (new person, enrolled), "card" (new, no e-mail: a login card), "enrol",
    # "move", "unchanged"
    action: str
    cohort: Cohort | None
    previous_cohort: Cohort | None = None


SAMPLE_CSV = (
    "email,username,phone,first_name,last_name,cohort,language\r\n"
    "amina.example@example.org,,,Amina,Diallo,Bari 2026,fr\r\n"
    "rahel.example@example.org,,,Rahel,Tesfaye,,it\r\n"
    ",,+393331234567,Yonas,,Bari 2026,it\r\n"
)


def _existing_people(rows: list[ImportRow]) -> dict[int, object]:
    """The existing account of each row (by line), found by e-mail (the username of
    people with one), username or phone number. Two queries."""
    names = {r.email for r in rows if r.email} | {r.username for r in rows if r.username}
    by_username = {u.username: u for u in User.objects.filter(username__in=names)}
    phones = [r.phone for r in rows if r.phone]
    by_phone = {
        p.phone: p.user for p in Profile.objects.filter(phone__in=phones).select_related("user")
    }
    found = {}
    for row in rows:
        user = (
            by_username.get(row.email) or by_username.get(row.username) or by_phone.get(row.phone)
        )
        if user is not None:
            found[row.line] = user
    return found


def _conflicts(rows: list[ImportRow]) -> list[tuple[int, str]]:
    """Rows whose e-mail, username and phone number belong to different people."""
    names = {r.email for r in rows if r.email} | {r.username for r in rows if r.username}
    by_username = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    by_phone = dict(
        Profile.objects.filter(phone__in=[r.phone for r in rows if r.phone]).values_list(
            "phone", "user_id"
        )
    )
    errors = []
    for row in rows:
        owners = {
            owner
            for owner in (
                by_username.get(row.email),
                by_username.get(row.username),
                by_phone.get(row.phone),
            )
            if owner is not None
        }
        if len(owners) > 1:
            errors.append(
                (
                    row.line,
                    _(
                        "The e-mail address, username and phone number of this row belong "
                        "to different people."
                    ),
                )
            )
    return errors


def enrollment_import_plan(
    *, data: bytes | str, course: CoursePage, default_cohort: Cohort | None = None
) -> list[PlannedRow]:
    """Check the file and say, row by row, what importing it would do (writes nothing).

    Raises EnrollmentImportError like the import itself. Three queries however long
    the file: cohorts, people, their enrolments in the course.
    """
    course = canonical_page(course)
    rows = enrollment_import_check(data=data, course=course, default_cohort=default_cohort)
    users = _existing_people(rows)
    enrollments = {
        e.user_id: e
        for e in Enrollment.objects.filter(
            course=course, user__in=[u.pk for u in users.values()]
        ).select_related("cohort")
    }
    plan = []
    for row in rows:
        user = users.get(row.line)
        enrollment = enrollments.get(user.pk) if user else None
        if user is None:
            action, previous = ("invite" if row.email else "card"), None
        elif enrollment is None:
            action, previous = "enrol", None
        elif row.cohort is not None and enrollment.cohort_id != row.cohort.pk:
            action, previous = "move", enrollment.cohort
        else:
            action, previous = "unchanged", enrollment.cohort
        plan.append(PlannedRow(row.line, row.person, action, row.cohort, previous))
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
    missing = [name for name in ("first_name", "last_name") if name not in header]
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
        username = value["username"].lower()
        phone = normalize_phone(value["phone"])
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(_("“%(email)s” is not a valid e-mail address.") % {"email": email})
                email = ""
        if username and not USERNAME_RE.match(username):
            reasons.append(
                _("“%(username)s” is not a valid username (letters, digits and . + - _ only).")
                % {"username": value["username"]}
            )
            username = ""
        if phone:
            try:
                validate_phone(phone)
            except ValidationError:
                reasons.append(
                    _(
                        "“%(phone)s” is not a phone number in international form, "
                        "like +39 333 123 4567."
                    )
                    % {"phone": value["phone"]}
                )
                phone = ""
        if not (value["email"] or value["username"] or value["phone"]):
            reasons.append(
                _(
                    "Give an e-mail address, a username or a phone number: it is how "
                    "the person is found when the file is imported again."
                )
            )
        for key in (email, username, phone):
            if not key:
                continue
            if key in seen:
                reasons.append(
                    _("%(email)s is already on line %(line)s.") % {"email": key, "line": seen[key]}
                )
            seen.setdefault(key, line)
        # With an e-mail address the person is invited by name: both names are needed.
        # Without one, a name is optional (a phone number or a username is enough).
        if value["email"] and not value["first_name"]:
            reasons.append(_("The first name is missing."))
        if value["email"] and not value["last_name"]:
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
                username=username,
                phone=phone,
            )
        )
    errors.extend(_conflicts(checked))
    if errors:
        raise EnrollmentImportError(sorted(errors))
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
    existing = _existing_people(rows)
    for row in rows:
        user = existing.get(row.line)
        if user is None:
            name = f"{row.first_name} {row.last_name}".strip()
            username = row.username or row.email or username_for(name)
            user = user_signup(
                email=row.email,
                username=username,
                phone=row.phone,
                password=None,
                display_name=name or username,
                preferred_language=row.language,
                territory=row.cohort.territory if row.cohort else Territory.OTHER,
                first_name=row.first_name,
                last_name=row.last_name,
            )
            result.created_people.append(row.person)
            if user.email:
                transaction.on_commit(lambda user=user: send_activation_email(user=user))
            else:
                result.need_card.append(user.get_username())
        enrollment, created = enrollment_create(
            user=user,
            course=course,
            cohort=row.cohort,
            source=Enrollment.Source.IMPORT,
            enrolled_by=enrolled_by,
        )
        if created:
            result.enrolled.append(row.person)
        elif row.cohort is not None and enrollment.cohort_id != row.cohort.pk:
            # The file names their cohort: an import is how coordinators move people.
            enrollment.cohort = row.cohort
            enrollment.save(update_fields=["cohort"])
            result.moved.append(row.person)
        else:
            result.unchanged.append(row.person)
    return result


def send_activation_email(*, user) -> None:
    """E-mail ``user`` a link to choose their password (the password-reset link);
    nothing for someone without an e-mail address (they get a login card)."""
    if not user.email:
        return
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


def person_enrol(
    *,
    course: CoursePage,
    cohort: Cohort | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "",
    enrolled_by=None,
) -> ImportResult:
    """Enrol one person typed in by a coordinator, by the very rules of a CSV row (found
    again by e-mail or phone; created if new); ``EnrollmentImportError`` with the
    reasons otherwise. A name alone creates a new person with a username of their own."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    username = "" if (email or phone) else username_for(f"{first_name} {last_name}".strip())
    writer.writerow(
        [email, username, phone, first_name, last_name, cohort.name if cohort else "", language]
    )
    return enrollment_import(data=buffer.getvalue(), course=course, enrolled_by=enrolled_by)
