"""Writes: issuing, revoking and re-issuing certificates, sign-offs and batches."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from courses.selectors import attended_hours, ledger_hours, online_hours
from lms.accounts.names import certificate_name, display_name, is_pseudonym
from lms.roles import is_coordinator, is_trainer

from . import attendance, codes, credentials, learning, pdf
from .criteria import evaluate, is_eligible
from .exceptions import (
    CertificateError,
    NameLocked,
    NameMissing,
    NameNotPrintable,
    NotEligible,
)
from .models import Certificate, CertificateEvent, CertificateRule, IssueBatch, TrainerSignoff
from .printable import missing_name_message, name_problem, unprintable_name_message


def _hours(rule: CertificateRule, user) -> Decimal:
    """The workshop hours printed on a certificate: the attendance ledger's, at issue
    time (stored on the certificate), never a fixed figure."""
    return attended_hours(user, rule.course).quantize(Decimal("0.1"))


def _online_hours(rule: CertificateRule, user) -> Decimal:
    """The tracked online learning time printed (apart) on a certificate, at issue time."""
    return (
        online_hours([user.pk], course=rule.course)
        .get(user.pk, Decimal("0"))
        .quantize(Decimal("0.1"))
    )


def check_kind(kind: str) -> str:
    """Raise CertificateError unless ``kind`` is one of ``Certificate.Kind``."""
    if kind not in Certificate.Kind.values:
        raise CertificateError(
            gettext("Unknown certificate kind “%(kind)s”: use %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(Certificate.Kind.values)}
        )
    return kind


def attendance_eligible_ids(rule: CertificateRule, users) -> set[int]:
    """Who may receive ``rule``'s attestato di frequenza: learners with workshop hours
    in the attendance ledger (it certifies the hours attended, whatever their share)."""
    hours = ledger_hours([u.pk for u in users], course=rule.course)
    return {pk for pk, value in hours.items() if value > 0}


def _data(certificate: Certificate) -> pdf.CertificateData:
    return pdf.CertificateData(
        name=certificate.holder_name,
        course=certificate.course_title,
        course_en=certificate.course_title_en,
        hours=certificate.hours,
        issued_on=certificate.issued_on,
        competencies=certificate.competencies,
        code=certificate.code,
        verify_url=certificate.verify_url,
    )


def _attach(certificate: Certificate, content: bytes) -> None:
    """Store the PDF with its hash and sign the Open Badge credential."""
    certificate.pdf_sha256 = pdf.sha256(content)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
    certificate.credential_jwt = credentials.sign(credentials.credential_for(certificate))


def _render(certificate: Certificate) -> bytes:
    if certificate.kind == Certificate.Kind.ATTENDANCE:
        return attendance.attendance_pdf(certificate)
    return pdf.render_pdf(certificate.rule.template, _data(certificate))


def _render_and_store(certificate: Certificate) -> None:
    _attach(certificate, _render(certificate))


def _notify(certificate: Certificate) -> None:
    user = certificate.user
    if not user.email:
        return
    profile = getattr(user, "profile", None)
    with translation.override(profile.preferred_language if profile else "it"):
        send_mail(
            gettext("Your certificate is ready"),
            gettext(
                "Congratulations! Your certificate for %(course)s is ready. "
                "Download it from your certificates page: %(url)s"
            )
            % {
                "course": certificate.course_title,
                # In the holder's language: /ar/certificates/ for an Arabic reader.
                "url": settings.SITE_URL + reverse("certificates:mine"),
            },
            None,
            [user.email],
            fail_silently=True,
        )


def check_printable(name: str) -> None:
    """Raise NameNotPrintable if ``name`` would print with boxes."""
    message = unprintable_name_message(name)
    if message:
        raise NameNotPrintable(message)


def check_holder_name(user) -> None:
    """Raise NameMissing if ``user`` has not given the name for certificates, and
    NameNotPrintable if it would print with boxes."""
    name = certificate_name(user)
    if not name:
        raise NameMissing(missing_name_message(user))
    check_printable(name)


def _check_eligible(rule: CertificateRule, user, kind: str) -> None:
    if kind == Certificate.Kind.ATTENDANCE:
        if user.pk not in attendance_eligible_ids(rule, [user]):
            raise NotEligible(
                gettext("%(name)s has no workshop hours in the attendance register yet.")
                % {"name": display_name(user)}
            )
    elif not is_eligible(evaluate(rule, [user])[user.pk]):
        raise NotEligible(
            gettext("%(name)s does not meet every requirement yet.") % {"name": display_name(user)}
        )


def certificate_issue(
    *,
    rule: CertificateRule,
    user,
    issued_by=None,
    check: bool = True,
    notify: bool = True,
    kind: str = Certificate.Kind.COMPLETION,
) -> tuple[Certificate, bool]:
    """Issue ``rule``'s certificate of ``kind`` to ``user``: (certificate, created).

    Idempotent: if a valid certificate of that kind exists it is returned unchanged.
    The database constraint (one valid per learner, rule and kind) settles concurrent
    requests: the loser gets the winner's certificate. Raises NotEligible if ``check``
    and the learner does not qualify: every criterion for a completion certificate,
    workshop hours in the ledger for an attestato di frequenza.
    """
    check_kind(kind)
    existing = Certificate.objects.filter(
        rule=rule, user=user, kind=kind, state=Certificate.State.VALID
    ).first()
    if existing:
        return existing, False
    if check:
        _check_eligible(rule, user, kind)
    check_holder_name(user)
    certificate = _new_certificate(rule=rule, user=user, issued_by=issued_by, version=1, kind=kind)
    _render_and_store(certificate)
    certificate, created = _save_new(certificate, issued_by)
    if created and notify:
        _notify(certificate)
    return certificate, created


def _save_new(certificate: Certificate, issued_by) -> tuple[Certificate, bool]:
    """Save a first version; if a concurrent request won the race, return its certificate."""
    try:
        with transaction.atomic():
            certificate.save()
            CertificateEvent.objects.create(
                certificate=certificate, action=CertificateEvent.Action.ISSUED, actor=issued_by
            )
    except IntegrityError:
        winner = Certificate.objects.filter(
            rule=certificate.rule,
            user=certificate.user,
            kind=certificate.kind,
            state=Certificate.State.VALID,
        ).first()
        if winner is None:
            raise
        certificate.pdf.delete(save=False)
        return winner, False
    return certificate, True


BULK_CHUNK = 50


def _save_chunk(chunk: list[Certificate], issued_by) -> list[tuple[Certificate, bool]]:
    """Save a chunk of new first versions in one transaction (two INSERTs); if any
    learner got a certificate meanwhile, save them one by one so each race is settled."""
    try:
        with transaction.atomic():
            saved = Certificate.objects.bulk_create(chunk)
            CertificateEvent.objects.bulk_create(
                [
                    CertificateEvent(
                        certificate=c, action=CertificateEvent.Action.ISSUED, actor=issued_by
                    )
                    for c in saved
                ]
            )
        return [(c, True) for c in saved]
    except IntegrityError:
        for certificate in chunk:
            certificate.pk = None
            certificate._state.adding = True
        return [_save_new(certificate, issued_by) for certificate in chunk]


def certificates_issue_many(
    *,
    rule: CertificateRule,
    users: list,
    issued_by=None,
    notify: bool = True,
    progress=None,
    kind: str = Certificate.Kind.COMPLETION,
) -> list[tuple[Certificate, bool]]:
    """Issue ``rule``'s certificate to each of ``users`` (the caller checked eligibility).

    Same guarantees as ``certificate_issue`` (idempotent, one valid certificate per
    learner and rule), but renders the PDFs in chunks that share one layout of the
    common page (see ``pdf.render_many``) and saves each chunk at once.
    ``progress(done)`` is called after each chunk.
    """
    check_kind(kind)
    live = {
        c.user_id: c
        for c in Certificate.objects.filter(
            rule=rule, user__in=users, kind=kind, state=Certificate.State.VALID
        )
    }
    results: list[tuple[Certificate, bool]] = [(live[u.pk], False) for u in users if u.pk in live]
    # A name the fonts cannot draw is never printed (the caller reports it: batch_run).
    pending = [u for u in users if u.pk not in live and not name_problem(u)]
    if progress and results:
        progress(len(results))
    course = rule.course.specific
    course_en = english_title(course)
    for start in range(0, len(pending), BULK_CHUNK):
        chunk = [
            _new_certificate(
                rule=rule,
                user=user,
                issued_by=issued_by,
                version=1,
                course=course,
                course_en=course_en,
                kind=kind,
            )
            for user in pending[start : start + BULK_CHUNK]
        ]
        if kind == Certificate.Kind.ATTENDANCE:
            pdfs = [attendance.attendance_pdf(c) for c in chunk]
        else:
            pdfs = pdf.render_many(rule.template, [_data(c) for c in chunk])
        for certificate, content in zip(chunk, pdfs, strict=True):
            _attach(certificate, content)
        for saved, created in _save_chunk(chunk, issued_by):
            if created and notify:
                _notify(saved)
            results.append((saved, created))
        if progress:
            progress(len(results))
    return results


def english_title(course) -> str:
    """The title of the course's English translation ("" if it has none)."""
    from wagtail.models import Page

    return (
        Page.objects.filter(translation_key=course.translation_key, locale__language_code="en")
        .exclude(pk=course.pk)
        .values_list("title", flat=True)
        .first()
        or ""
    )


def _new_certificate(
    *,
    rule,
    user,
    issued_by,
    version: int,
    course=None,
    course_en=None,
    kind: str = Certificate.Kind.COMPLETION,
) -> Certificate:
    course = course or rule.course.specific
    if course_en is None:
        course_en = english_title(course)
    certificate = Certificate(
        code=codes.new_code(),
        rule=rule,
        user=user,
        kind=kind,
        version=version,
        holder_name=certificate_name(user),
        course_title=course.title,
        course_title_en=course_en,
        hours=_hours(rule, user),
        online_hours=_online_hours(rule, user),
        competencies=rule.competency_list(),
        language=rule.template.language,
        issued_on=timezone.localdate(),
        issued_by=issued_by,
    )
    # The database enforces the unique code (100 random bits) and the one-valid rule.
    certificate.full_clean(
        exclude=["pdf", "replaced_by"], validate_unique=False, validate_constraints=False
    )
    return certificate


def _copy_certificate(old: Certificate, *, issued_by) -> Certificate:
    """A new version of ``old`` for a holder who is no longer a person on the platform
    (their pseudonym, or no one for a certificate unlinked before pseudonyms existed)."""
    certificate = Certificate(
        code=codes.new_code(),
        rule=old.rule,
        user=old.user if old.user_id else None,
        kind=old.kind,
        version=old.version + 1,
        holder_name=old.holder_name,
        course_title=old.course_title,
        course_title_en=old.course_title_en,
        hours=old.hours,
        online_hours=old.online_hours,
        competencies=old.competencies,
        language=old.language,
        issued_on=timezone.localdate(),
        issued_by=issued_by,
    )
    certificate.full_clean(
        exclude=["user", "pdf", "replaced_by"], validate_unique=False, validate_constraints=False
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, by, reason: str, reason_public: bool = False
) -> Certificate:
    """Revoke a valid certificate; the record stays and the public page says revoked
    (with the reason only when ``reason_public``: otherwise it stays internal)."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.state != Certificate.State.VALID:
        raise CertificateError(gettext("Only a valid certificate can be revoked."))
    if not reason.strip():
        raise CertificateError(gettext("Say why the certificate is revoked."))
    certificate.state = Certificate.State.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_reason_public = reason_public
    # An erased holder leaves ``user`` empty: the record is pseudonymised, not invalid.
    certificate.full_clean(exclude=["user", "replaced_by"])
    certificate.save(
        update_fields=["state", "revoked_at", "revoked_reason", "revoked_reason_public"]
    )
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateEvent.Action.REVOKED, actor=by, reason=reason
    )
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Re-issue after a correction: a new version of the same kind with a new code and
    the hours the ledger gives now (which clears ``selectors.needs_reissue``); the old
    version is kept, marked replaced (superseded), and its code leads to the new one."""
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.state == Certificate.State.REPLACED:
        raise CertificateError(gettext("This certificate has already been replaced."))
    if not reason.strip():
        raise CertificateError(gettext("Say why the certificate is re-issued."))
    if old.user_id and not is_pseudonym(old.user):
        check_holder_name(old.user)
    else:
        check_printable(old.holder_name)
    was_valid = old.state == Certificate.State.VALID
    if was_valid:
        old.state = Certificate.State.REPLACED
        old.save(update_fields=["state"])
    if old.user_id is None or is_pseudonym(old.user):
        # The holder erased their account: the record is kept pseudonymised (GDPR Art.
        # 17(3)(b)), so the new version certifies what the old one did, under a new code.
        new = _copy_certificate(old, issued_by=by)
    else:
        new = _new_certificate(
            rule=old.rule, user=old.user, issued_by=by, version=old.version + 1, kind=old.kind
        )
    _render_and_store(new)
    new.show_name_publicly = old.show_name_publicly
    new.save()
    old.replaced_by = new  # a revoked one stays revoked, but leads to the new version
    old.save(update_fields=["replaced_by"])
    CertificateEvent.objects.create(
        certificate=new, action=CertificateEvent.Action.REISSUED, actor=by, reason=reason
    )
    return new


@transaction.atomic
def certificates_pseudonymise(*, user, pseudonym) -> int:
    """Hand ``user``'s certificates to ``pseudonym`` (they are erasing their account):
    the record stays verifiable for the funder's audit (GDPR Art. 17(3)(b)), the name on
    it becomes the pseudonym, and the stored PDF and the signed Open Badge are made again
    without the name (the old PDF file is deleted once the erasure has committed)."""
    certificates = list(Certificate.objects.select_for_update().filter(user=user))
    for certificate in certificates:
        old_name = certificate.pdf.name if certificate.pdf else ""
        storage = certificate.pdf.storage
        certificate.user = pseudonym
        certificate.holder_name = pseudonym.get_username()
        certificate.show_name_publicly = False
        certificate.pdf = None
        _render_and_store(certificate)
        certificate.save()
        if old_name and old_name != certificate.pdf.name:
            transaction.on_commit(lambda n=old_name, s=storage: s.delete(n))
    return len(certificates)


@transaction.atomic
def certificate_set_visibility(*, certificate: Certificate, user, show_name: bool) -> Certificate:
    """The holder chooses whether the public page shows their full name or initials."""
    if certificate.user_id != user.pk:
        raise CertificateError(gettext("Only the holder can change this."))
    Certificate.objects.filter(user=user, rule=certificate.rule).update(
        show_name_publicly=show_name
    )
    certificate.show_name_publicly = show_name
    return certificate


@transaction.atomic
def holder_name_set(*, user, given_name: str, family_name: str, by) -> None:
    """Record the name ``user``'s certificates will print (``by``: themselves or a
    coordinator who may act on them). Refused once a valid certificate carries the name:
    then only a re-issue changes it."""
    from .selectors import holder_name_locked

    if by.pk != user.pk and not (is_coordinator(by) and learning.in_scope(by, user)):
        raise CertificateError(gettext("Only the person or their coordinator can change this."))
    # Serialise with issuing on the person's row, so that the check below holds.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if holder_name_locked(user):
        raise NameLocked(
            gettext(
                "The name on certificates cannot be changed here any more: a certificate "
                "has been issued with it. To correct it, contact your coordinator, who "
                "can re-issue the certificate with the new name."
            )
        )
    given, family = given_name.strip(), family_name.strip()
    if not given:
        raise CertificateError(gettext("Write the given name (or your only name)."))
    check_printable(f"{given} {family}".strip())
    from lms.accounts.models import Profile

    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name(user) or user.get_username()}
    )
    profile.certificate_given_name = given
    profile.certificate_family_name = family
    profile.full_clean()
    profile.save(update_fields=["certificate_given_name", "certificate_family_name"])
    user.profile = profile  # what this request shows next is the saved name


def _check_signer(trainer, user, rule) -> None:
    if not is_trainer(trainer):
        raise CertificateError(gettext("Only trainers sign learners off."))
    if trainer.pk == user.pk:
        raise CertificateError(gettext("Trainers cannot sign themselves off."))
    coordinates = is_coordinator(trainer) and learning.in_scope(trainer, user)
    if not (coordinates or learning.trains(trainer, user, rule.course)):
        raise CertificateError(gettext("This learner is not in a cohort you train."))


def standing_signoff(rule: CertificateRule, user) -> TrainerSignoff | None:
    """The learner's sign-off for ``rule`` that no revocation withdraws, if any."""
    return TrainerSignoff.objects.filter(
        rule=rule, user=user, revokes__isnull=True, revocation__isnull=True
    ).first()


@transaction.atomic
def signoff_record(*, rule: CertificateRule, user, trainer, note: str) -> TrainerSignoff:
    """A trainer signs a learner off for ``rule`` (its course), with a note.

    Refused for oneself, for a learner outside the trainer's cohorts of the course,
    without a note, and when a sign-off already stands.
    """
    _check_signer(trainer, user, rule)
    if not note.strip():
        raise CertificateError(gettext("Say in a note what the sign-off rests on."))
    # One standing sign-off per learner and rule: serialise on the learner's row.
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    if standing_signoff(rule, user) is not None:
        raise CertificateError(gettext("This learner is already signed off for this course."))
    return TrainerSignoff.objects.create(rule=rule, user=user, signed_by=trainer, note=note.strip())


@transaction.atomic
def signoff_revoke(*, signoff: TrainerSignoff, trainer, note: str) -> TrainerSignoff:
    """Withdraw a sign-off by adding a revocation record; the sign-off stays as it was."""
    _check_signer(trainer, signoff.user, signoff.rule)
    if signoff.revokes_id is not None:
        raise CertificateError(gettext("Only a sign-off can be revoked."))
    if not note.strip():
        raise CertificateError(gettext("Say in a note why the sign-off is revoked."))
    if TrainerSignoff.objects.filter(revokes=signoff).exists():
        raise CertificateError(gettext("This sign-off has already been revoked."))
    return TrainerSignoff.objects.create(
        rule=signoff.rule, user=signoff.user, signed_by=trainer, note=note.strip(), revokes=signoff
    )


def batch_create(
    *,
    rule: CertificateRule,
    requested_by,
    cohort=None,
    user_ids=None,
    kind: str = Certificate.Kind.COMPLETION,
) -> IssueBatch:
    """Queue issuing ``kind`` certificates to everyone eligible (in ``cohort``, or in
    ``user_ids``) and start the job. Chosen here, the learners are those of the cohorts
    ``requested_by`` works with (a coordinator: their territories';
    ``lms.roles.territories_for``)."""
    check_kind(kind)
    if user_ids is None:
        users = list(learning.learners(rule.course, cohort, for_user=requested_by))
        if kind == Certificate.Kind.ATTENDANCE:
            with_hours = attendance_eligible_ids(rule, users)
            user_ids = [u.pk for u in users if u.pk in with_hours]
        else:
            checks = evaluate(rule, users)
            user_ids = [u.pk for u in users if is_eligible(checks[u.pk])]
    batch = IssueBatch.objects.create(
        rule=rule,
        kind=kind,
        requested_by=requested_by,
        cohort=cohort,
        user_ids=user_ids,
        total=len(user_ids),
    )
    transaction.on_commit(lambda: run_issue_batch.enqueue(batch.pk))
    return batch


def batch_run(batch_id: int) -> IssueBatch:
    """Issue a batch's certificates, saving progress after each chunk."""
    from django.contrib.auth import get_user_model

    batch = IssueBatch.objects.select_related("rule__template", "rule__course").get(pk=batch_id)
    batch.status = IssueBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    found = get_user_model().objects.select_related("profile").in_bulk(batch.user_ids)
    users = [found[pk] for pk in batch.user_ids if pk in found]
    batch.errors = [
        {"user": pk, "error": "no such user"} for pk in batch.user_ids if pk not in found
    ]
    live = set(
        Certificate.objects.filter(
            rule=batch.rule, user__in=users, kind=batch.kind, state=Certificate.State.VALID
        ).values_list("user_id", flat=True)
    )
    for user in users:
        message = "" if user.pk in live else name_problem(user)
        if message:
            batch.errors.append({"user": user.pk, "error": message})
    refused = {error["user"] for error in batch.errors}
    users = [user for user in users if user.pk not in refused]

    def progress(done: int) -> None:
        batch.processed = done + len(batch.errors)
        batch.save(update_fields=["processed", "errors"])

    try:
        results = certificates_issue_many(
            rule=batch.rule,
            users=users,
            issued_by=batch.requested_by,
            progress=progress,
            kind=batch.kind,
        )
    except Exception as error:  # the job records why it stopped; the log has the rest
        batch.errors.append({"user": None, "error": str(error)})
        results = []
        batch.status = IssueBatch.Status.FAILED
    batch.issued = sum(created for _c, created in results)
    batch.skipped = len(results) - batch.issued
    batch.processed = len(results) + len(batch.errors)
    if batch.status != IssueBatch.Status.FAILED:
        batch.status = IssueBatch.Status.FAILED if batch.errors else IssueBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save()
    return batch


@task()
def run_issue_batch(batch_id: int) -> None:
    """The background job behind ``batch_create`` (django-tasks: immediate in dev and
    tests, ``db_worker`` in production): a thin wrapper, so ``batch_run`` stays a plain
    function that tests and commands call directly."""
    batch_run(batch_id)
