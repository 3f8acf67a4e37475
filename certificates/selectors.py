"""Reads: who may see which certificate, eligibility tables, dashboard notices."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from lms.roles import is_coordinator, is_trainer

from . import learning
from .codes import normalise
from .criteria import Check, evaluate, is_eligible
from .models import Certificate, CertificateRule
from .printable import name_problem


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a typed code names (forgiving about case and dashes), or None."""
    canonical = normalise(code)
    if canonical is None:
        return None
    return Certificate.objects.select_related("replaced_by", "rule").filter(code=canonical).first()


def current_version(certificate: Certificate) -> Certificate:
    """Follow re-issues to the newest version."""
    seen = set()
    while certificate.replaced_by_id and certificate.pk not in seen:
        seen.add(certificate.pk)
        certificate = Certificate.objects.select_related("replaced_by").get(
            pk=certificate.replaced_by_id
        )
    return certificate


def certificate_for_download(*, user, code: str) -> Certificate | None:
    """The certificate if ``user`` is its holder, one of their trainers or a coordinator."""
    certificate = certificate_by_code(code)
    if certificate is None or not user.is_authenticated:
        return None
    if certificate.user_id == user.pk:
        return certificate
    if is_coordinator(user) and learning.in_scope(user, certificate.user):
        return certificate
    if is_trainer(user) and learning.trains(user, certificate.user, certificate.rule.course):
        return certificate
    return None


def certificates_of(*, user) -> QuerySet[Certificate]:
    """A trainee's own certificates, newest first (all states, for their record)."""
    return Certificate.objects.filter(user=user).select_related("rule").order_by("-issued_at")


def unseen_certificates_for(*, user) -> QuerySet[Certificate]:
    """For the dashboard: valid certificates the holder has not opened yet."""
    return Certificate.objects.filter(
        user=user, state=Certificate.State.VALID, seen_at__isnull=True
    ).order_by("-issued_at")


def dashboard_panel_context(*, user, enrolled_course_ids=None) -> dict:
    """For the trainee dashboard: valid certificates, whether any is new, and the revoked
    ones not replaced (so "no certificates yet" is never said after a revocation). One
    query, and those of ``needs_holder_name``."""
    rows = list(
        Certificate.objects.filter(
            user=user, state__in=[Certificate.State.VALID, Certificate.State.REVOKED]
        ).order_by("-issued_at")
    )
    certificates = [c for c in rows if c.state == Certificate.State.VALID]
    live_rules = {c.rule_id for c in certificates}
    revoked = [
        c for c in rows if c.state == Certificate.State.REVOKED and c.rule_id not in live_rules
    ]
    return {
        "certificates": certificates,
        "revoked": revoked,
        "unseen": any(c.seen_at is None for c in certificates),
        "needs_name": needs_holder_name(user, enrolled_course_ids=enrolled_course_ids),
    }


def needs_holder_name(user, *, enrolled_course_ids=None) -> bool:
    """Whether to ask ``user`` for the name their certificates print: they have not given
    it and are enrolled in a course that gives a certificate (asked before they become
    eligible, so that nothing waits for it). ``enrolled_course_ids``: the courses they
    are enrolled in, when the caller has read them (else one query); their profile is
    read only when one of those courses gives a certificate."""
    from courses.models import Enrollment
    from courses.selectors import courses_by_pk
    from lms.accounts.names import certificate_name

    keys = rule_course_keys()
    if not keys:
        return False
    enrolled = enrolled_course_ids
    if enrolled is None:
        enrolled = Enrollment.objects.filter(user=user).values_list("course_id", flat=True)
    if not any(str(c.translation_key) in keys for c in courses_by_pk(list(enrolled)).values()):
        return False
    return not certificate_name(user)


def rule_course_keys() -> frozenset[str]:
    """Translation keys of the courses with an active certificate rule: kept under the
    rules' generation (a rule saved or deleted makes a new one, ``apps``) and the
    tree's (a course's key never changes, but a course deleted takes its rules)."""
    from lms import caching

    def compute():
        rules = CertificateRule.objects.filter(is_active=True)
        return frozenset(
            str(key) for key in rules.values_list("course__translation_key", flat=True)
        )

    return caching.remember(
        lambda: "lms:rule-course-keys:{}:{}".format(
            *caching.local_version(("certificate-rules", "pages"))
        ),
        compute,
        local=("certificate-rules", "pages"),
    )


def certificate_by_pdf_hash(digest: str) -> Certificate | None:
    return Certificate.objects.filter(pdf_sha256=digest).first() if digest else None


def rules_for(user) -> QuerySet[CertificateRule]:
    return CertificateRule.objects.filter(is_active=True).select_related("course", "template")


def _tenth(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"))


def reissue_flags(certificates) -> dict[int, Decimal]:
    """For each *valid* certificate among ``certificates`` whose printed workshop hours
    differ from what the attendance ledger gives now (a correction, new hours):
    its pk → the ledger's hours now. Such a certificate needs a versioned re-issue
    (``services.certificate_reissue``), which prints the new hours and clears the flag.
    One query per rule."""
    from courses.selectors import ledger_hours

    by_rule: dict[int, list[Certificate]] = {}
    for certificate in certificates:
        if certificate.state == Certificate.State.VALID and certificate.user_id:
            by_rule.setdefault(certificate.rule_id, []).append(certificate)
    flags: dict[int, Decimal] = {}
    for group in by_rule.values():
        hours = ledger_hours([c.user_id for c in group], course=group[0].rule.course)
        for certificate in group:
            now = _tenth(hours.get(certificate.user_id, 0))
            if now != certificate.hours:
                flags[certificate.pk] = now
    return flags


def needs_reissue(certificate: Certificate) -> bool:
    """Whether ``certificate`` is valid but prints workshop hours the ledger no longer gives."""
    return certificate.pk in reissue_flags([certificate])


@dataclass
class EligibilityRow:
    user: object
    checks: list[Check]
    eligible: bool
    certificate: Certificate | None
    # Why no certificate can be printed for this name ("" if it can): see printable.py.
    name_problem: str = ""
    cohorts: str = ""
    # Workshop hours (attendance ledger) and tracked online learning time, kept apart.
    workshop_hours: Decimal = Decimal("0")
    online_hours: Decimal = Decimal("0")
    # The valid attestato di frequenza (``Certificate.Kind.ATTENDANCE``), if any.
    attendance_certificate: Certificate | None = None
    # The ledger's hours now, where a valid certificate prints other hours (re-issue).
    certificate_reissue: Decimal | None = None
    attendance_reissue: Decimal | None = None

    @property
    def attendance_issuable(self) -> bool:
        """An attestato di frequenza can be issued: hours attended, none valid, name printable."""
        return self.workshop_hours > 0 and not self.attendance_certificate and not self.name_problem


def eligibility_table(*, rule: CertificateRule, cohort=None, for_user=None) -> list[EligibilityRow]:
    """Every learner of the rule's course (in ``cohort``; given ``for_user``, in the
    cohorts that person works with): who meets what, what is missing."""
    from courses.selectors import ledger_hours, online_hours

    users = list(learning.learners(rule.course, cohort, for_user=for_user))
    checks = evaluate(rule, users)
    live: dict[str, dict[int, Certificate]] = {kind: {} for kind in Certificate.Kind.values}
    for c in Certificate.objects.filter(rule=rule, user__in=users, state=Certificate.State.VALID):
        live[c.kind][c.user_id] = c
    completion, attended = live[Certificate.Kind.COMPLETION], live[Certificate.Kind.ATTENDANCE]
    ids = [u.pk for u in users]
    workshop = ledger_hours(ids, course=rule.course) if users else {}
    online = online_hours(ids, course=rule.course) if users else {}
    cohorts = learning.cohort_names(rule.course, users) if users else {}

    def reissue(certificate, hours):
        return hours if certificate is not None and certificate.hours != hours else None

    rows = []
    for u in users:
        hours = _tenth(workshop.get(u.pk, 0))
        rows.append(
            EligibilityRow(
                u,
                checks[u.pk],
                is_eligible(checks[u.pk]),
                completion.get(u.pk),
                # A holder of both kinds has a fixed name; otherwise check it prints.
                "" if u.pk in completion and u.pk in attended else name_problem(u),
                cohorts.get(u.pk, ""),
                workshop_hours=hours,
                online_hours=online.get(u.pk, Decimal("0.00")),
                attendance_certificate=attended.get(u.pk),
                certificate_reissue=reissue(completion.get(u.pk), hours),
                attendance_reissue=reissue(attended.get(u.pk), hours),
            )
        )
    return rows


def holder_name_locked(user) -> bool:
    """Whether ``user``'s name for certificates is fixed: a valid certificate carries it,
    so changing it takes a re-issue by a coordinator (the name on the record and on the
    PDF must stay the same)."""
    return Certificate.objects.filter(user=user, state=Certificate.State.VALID).exists()
