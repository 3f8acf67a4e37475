"""Domain errors of the certificates app, each with a message a person can act on.

Services raise a subclass of ``CertificateError``; views show its message. The
other two are not refusals of an action but facts about a file: a credential that
does not verify, a template whose text does not fit its page.
"""


class CertificateError(Exception):
    """A certificate action that cannot be done, with a message for people."""


class NotEligible(CertificateError):
    """The learner does not meet every requirement of the rule yet."""


class NameMissing(CertificateError):
    """The holder has not given the name to print on certificates (given, family name)."""


class NameLocked(CertificateError):
    """A valid certificate carries the name already: only a re-issue changes it."""


class NameNotPrintable(CertificateError):
    """The holder's name has characters no bundled font can draw (they would be boxes)."""


class CredentialError(Exception):
    """A credential that does not verify, with the reason."""


class CertificateDoesNotFit(ValueError):
    """The template's text pushes a certificate onto a second page."""
