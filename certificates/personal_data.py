"""The certificates part of a person's personal-data export."""

from lms.accounts.names import person_reference


def collect(user) -> list[dict]:
    from .models import Certificate

    return [
        {
            "code": c.code,
            "course": c.course_title,
            "name_on_certificate": c.holder_name,
            "issued_on": c.issued_on.isoformat(),
            "state": c.state,
            "show_name_publicly": c.show_name_publicly,
        }
        for c in Certificate.objects.filter(user=user).order_by("issued_at")
    ]


def collect_signoffs(user) -> dict[str, list[dict]]:
    """Sign-offs received and given, certificates issued and events acted on by ``user``
    (the staff side of the certificates app)."""
    from .models import Certificate, CertificateEvent, CohortPack, IssueBatch, TrainerSignoff

    def signoff(s):
        return {
            "rule": str(s.rule),
            "learner": person_reference(s.user) if s.user_id else None,
            "signed_at": s.signed_at.isoformat(),
            "note": s.note,
            "revokes_signoff": s.revokes_id is not None,
        }

    return {
        "certificate_signoffs_received": [
            signoff(s) for s in TrainerSignoff.objects.filter(user=user).order_by("signed_at")
        ],
        "certificate_signoffs_given": [
            signoff(s) for s in TrainerSignoff.objects.filter(signed_by=user).order_by("signed_at")
        ],
        "certificate_actions": [
            {
                "certificate": e.certificate.code,
                "action": e.action,
                "reason": e.reason,
            }
            for e in CertificateEvent.objects.filter(actor=user).select_related("certificate")
        ],
        "certificates_issued": [
            {"code": c.code, "holder": c.holder_name, "issued_on": c.issued_on.isoformat()}
            for c in Certificate.objects.filter(issued_by=user).order_by("issued_at")
        ],
        "certificate_issue_batches": [str(b) for b in IssueBatch.objects.filter(requested_by=user)],
        "certificate_packs_requested": [
            {"cohort": p.cohort.name, "requested_at": p.requested_at.isoformat()}
            for p in CohortPack.objects.filter(requested_by=user).select_related("cohort")
        ],
    }
