"""Check an Open Badge VC-JWT: ``verify_credential FILE`` (exit 1 with the reason if bad)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from certificates.credentials import CredentialError, verify
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Check the signature, issuer and revocation status of a downloaded .jwt credential."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .jwt file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            claims = verify(path.read_text(encoding="utf-8").strip())
        except CredentialError as error:
            raise CommandError(_("INVALID: %(reason)s") % {"reason": error}) from error
        subject = claims["credentialSubject"]
        self.stdout.write(
            _("VALID: %(achievement)s for %(name)s, issued by %(issuer)s (%(id)s)")
            % {
                "achievement": subject["achievement"]["name"],
                "name": subject.get("name", "?"),
                "issuer": claims["issuer"]["id"],
                "id": claims["id"],
            }
        )
