"""The staff side of certificates is in the personal-data export (issue 13 item 7): a
trainer's sign-offs given, a learner's sign-offs received, a coordinator's revocations."""

from certificates import services
from certificates.models import TrainerSignoff
from lms.accounts.services import user_export_data


def test_signoffs_given_and_received_and_revocations_are_exported(
    issued, rule, trainee, trainer, coordinator
):
    TrainerSignoff.objects.create(rule=rule, user=trainee, signed_by=trainer, note="Well done")
    services.certificate_revoke(certificate=issued, by=coordinator, reason="Issued by mistake")

    received = user_export_data(user=trainee)["certificate_signoffs_received"]
    assert [s["note"] for s in received] == ["Well done"]
    given = user_export_data(user=trainer)["certificate_signoffs_given"]
    assert [(s["learner"], s["note"]) for s in given] == [(trainee.email, "Well done")]
    actions = user_export_data(user=coordinator)["certificate_actions"]
    assert {"certificate": issued.code, "action": "revoked", "reason": "Issued by mistake"} in (
        actions
    )
