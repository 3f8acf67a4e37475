"""Check an Open Badge VC-JWT: ``verify_credential FILE`` (exit 1 with the reason if bad)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.credentials import CredentialError, verify


class Command(BaseCommand):
    help = "Check the signature, issuer and revocation status of a downloaded .jwt credential."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .jwt file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            claims = verify(path.read_text(encoding="utf-8").strip())
        except CredentialError as error:
            raise CommandError(f"INVALID: {error}") from error
        subject = claims["credentialSubject"]
        self.stdout.write(
            f"VALID: {subject['achievement']['name']} for {subject.get('name', '?')}, "
            f"issued by {claims['issuer']['id']} ({claims['id']})"
        )
