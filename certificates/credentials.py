"""Open Badges 3.0 credentials, signed as VC-JWT (RS256).

What the standards ask beyond the JSON schema, and where the site serves it:

* ``credentialSubject`` has a pseudonymous ``id`` (a ``urn:uuid`` per certificate) and,
  while the holder has an account, an ``identifier`` of type ``emailAddress``: the
  salted SHA-256 of their e-mail address, so they can prove the badge is theirs;
* the VC-JWT carries ``iss``, ``sub``, ``nbf`` and ``jti``; its ``kid`` is the URI of the
  key (``/issuer/keys/<thumbprint>``), which serves the public JWK;
* ``credentialStatus`` is a W3C Bitstring Status List entry (revocation, the
  certificate's number as index); the list is served at ``/credentials/status/revocation``
  as a BitstringStatusListCredential signed like the badges (VC-JWT, RS256, the same
  ``kid``; media type ``application/vc+jwt``): ``encodedList`` is the multibase
  (``u``, base64url) GZIP of a bitstring of at least 131,072 bits (16 KB);
* every URL resolves: the achievement (``/certificates/achievements/<rule>/``), each
  alignment's ``targetUrl`` (the competency's CASE item, ``/case/CFItems/<uuid>``), the
  issuer profile and the key. They start with ``SITE_URL``, which ``make run`` sets to
  the address it serves.

The signing key is created on first use and kept out of the repository: at
``CREDENTIAL_KEY_PATH`` (environment or setting) or ``<BASE_DIR>/var/keys/`` (git-ignored).
Several app processes must share the same file (a mounted volume in production).
"""

import base64
import gzip
import hashlib
import hmac
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.utils import timezone

from .exceptions import CredentialError

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "IMPACT – Regione Puglia (FAMI)"


def key_path() -> Path:
    configured = os.environ.get("CREDENTIAL_KEY_PATH") or getattr(
        settings, "CREDENTIAL_KEY_PATH", None
    )
    return (
        Path(configured)
        if configured
        else Path(settings.BASE_DIR) / "var" / "keys" / "credential-key.pem"
    )


_keys: dict[str, rsa.RSAPrivateKey] = {}


def private_key() -> rsa.RSAPrivateKey:
    """The issuer's RSA key, created (exclusively, mode 600) the first time it is needed."""
    path = key_path()
    cached = _keys.get(str(path))
    if cached:
        return cached
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race; read theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    _keys[str(path)] = key
    return key


#: Pseudonymous subject ids are ``urn:uuid``s in this namespace.
SUBJECT_NAMESPACE = uuid.UUID("3b8f6c2e-1d7a-4f0b-9c55-6a2f0e9d4b71")
#: The W3C Bitstring Status List's minimum size (16 KB), for herd privacy.
STATUS_LIST_BITS = 131072


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk() -> dict:
    numbers = private_key().public_key().public_numbers()
    jwk = {"kty": "RSA", "e": _b64(numbers.e), "n": _b64(numbers.n)}
    # The key id is a URI that dereferences to this JWK (the RFC 7638 thumbprint in it).
    return {**jwk, "kid": key_url(thumbprint(jwk)), "use": "sig", "alg": "RS256"}


def thumbprint(jwk: dict | None = None) -> str:
    """The RFC 7638 thumbprint of the public key."""
    if jwk is None:
        numbers = private_key().public_key().public_numbers()
        jwk = {"kty": "RSA", "e": _b64(numbers.e), "n": _b64(numbers.n)}
    canonical = json.dumps(
        {k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True
    ).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


def key_url(print_: str) -> str:
    return f"{settings.SITE_URL}/issuer/keys/{print_}"


def issuer_id() -> str:
    return settings.SITE_URL + "/issuer/"


def status_list_url() -> str:
    return settings.SITE_URL + "/credentials/status/revocation"


def achievement_url(rule_pk: int) -> str:
    return f"{settings.SITE_URL}/certificates/achievements/{rule_pk}/"


def issuer_profile() -> dict:
    """The OB 3.0 issuer Profile, with the public key as a verification method."""
    jwk = public_jwk()
    return {
        "@context": CONTEXTS,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL + "/",
        "verificationMethod": [
            {
                "id": jwk["kid"],
                "type": "JsonWebKey",
                "controller": issuer_id(),
                "publicKeyJwk": {k: jwk[k] for k in ("kty", "e", "n")},
            }
        ],
    }


def alignments(names: list[str]) -> list[dict]:
    """OB alignments to the CASE items of the named competencies (name, English name
    or ID number); a name no framework has cannot be pointed at and is left out."""
    if not names:
        return []
    from django.db.models import Q

    from assessments.competencies.interchange.case import uri
    from assessments.models import Competency

    found = (
        Competency.objects.filter(Q(name__in=names) | Q(name_en__in=names) | Q(idnumber__in=names))
        .select_related("framework")
        .order_by("pk")
    )
    by_name: dict[str, object] = {}
    for competency in found:
        for key in (competency.idnumber, competency.name, competency.name_en):
            if key:
                by_name.setdefault(key, competency)
    result = []
    for name in names:
        competency = by_name.get(name)
        if competency is None:
            continue
        result.append(
            {
                "type": ["Alignment"],
                "targetName": name,
                "targetUrl": uri("CFItems", str(competency.uuid)),
                "targetCode": competency.idnumber,
                "targetFramework": competency.framework.name,
                "targetType": "CFItem",
            }
        )
    return result


def achievement(rule, title: str, competencies: list[str]) -> dict:
    """The OB 3.0 Achievement of ``rule`` (what ``/certificates/achievements/<pk>/``
    serves, and what each credential embeds)."""
    return {
        "id": achievement_url(rule.pk),
        "type": ["Achievement"],
        "name": title,
        "description": rule.name,
        "criteria": {"narrative": criteria_narrative(rule)},
        "alignment": alignments(competencies),
    }


def _salt(certificate) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"ob-identity:{certificate.code}".encode(), "sha256").hexdigest()[:16]


def identity_hash(email: str, salt: str) -> str:
    """OB's hashed identity: ``sha256$`` + hex SHA-256 of the address followed by the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def status_entry(certificate) -> dict:
    """A Bitstring Status List entry: bit ``certificate.pk`` of the revocation list."""
    return {
        "id": f"{status_list_url()}#{certificate.pk}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.pk),
        "statusListCredential": status_list_url(),
    }


def credential_for(certificate) -> dict:
    """The OpenBadgeCredential (unsigned) describing ``certificate``."""
    rule = certificate.rule
    base = settings.SITE_URL
    # Midnight of the issue day where it was issued (TIME_ZONE), in UTC: never later than
    # the moment of issue, so a badge signed just after local midnight is valid at once.
    valid_from = datetime.combine(
        certificate.issued_on, datetime.min.time(), tzinfo=timezone.get_default_timezone()
    ).astimezone(UTC)
    subject = {
        "id": f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, certificate.code)}",
        "type": ["AchievementSubject"],
        "name": certificate.holder_name,
    }
    email = certificate.user.email if certificate.user_id and certificate.user else ""
    if email:
        salt = _salt(certificate)
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ]
    subject["achievement"] = achievement(rule, certificate.course_title, certificate.competencies)
    return {
        "@context": CONTEXTS,
        "id": f"{base}/verify/{certificate.code}/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": certificate.course_title,
        "credentialSubject": subject,
        "credentialStatus": status_entry(certificate),
    }


def status_list_credential() -> dict:
    """The revocation list as a BitstringStatusListCredential: a bit set for each
    revoked or replaced certificate, gzip-compressed, multibase base64url."""
    from .models import Certificate

    revoked = list(
        Certificate.objects.exclude(state=Certificate.State.VALID).values_list("pk", flat=True)
    )
    last = max(
        [*revoked, Certificate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0]
    )
    size = STATUS_LIST_BITS * (last // STATUS_LIST_BITS + 1)
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    encoded = (
        "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()
    )
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": status_list_url() + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }


STATUS_LIST_MEDIA_TYPE = "application/vc+jwt"


def signed_status_list() -> str:
    """The status list credential as a VC-JWT (VC-JOSE-COSE), signed with the issuer key."""
    credential = status_list_credential()
    claims = {
        **credential,
        "iss": credential["issuer"],
        "jti": credential["id"],
        "nbf": int(
            datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00")).timestamp()
        ),
    }
    headers = {"kid": public_jwk()["kid"], "typ": "vc+jwt", "cty": "vc"}
    return jwt.encode(claims, private_key(), algorithm="RS256", headers=headers)


def status_bit(encoded: str, index: int) -> bool:
    """Whether bit ``index`` of an ``encodedList`` is set (what a verifier checks)."""
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def criteria_narrative(rule) -> str:
    from django.utils import translation

    from .criteria import criteria_of

    with translation.override("en"):
        parts = [str(c.label(rule)) for c in criteria_of(rule)]
    return "; ".join(parts) or "Completed the course."


def sign(credential: dict) -> str:
    """The credential as a compact VC-JWT (RS256, ``kid`` = JWK thumbprint)."""
    jwk = public_jwk()
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "sub": credential["credentialSubject"]["id"],
        "jti": credential["id"],
        "nbf": int(
            datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00")).timestamp()
        ),
    }
    return jwt.encode(
        claims, private_key(), algorithm="RS256", headers={"kid": jwk["kid"], "typ": "JWT"}
    )


def verify(token: str) -> dict:
    """Check signature, issuer and revocation of a VC-JWT; the credential, or CredentialError."""
    from .codes import normalise
    from .models import Certificate

    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise CredentialError(f"not a JWT: {error}") from error
    jwk = public_jwk()
    # Credentials signed before the key id became a URI carry the bare thumbprint.
    if header.get("kid") not in {jwk["kid"], thumbprint()}:
        raise CredentialError("signed with an unknown key (kid does not match this issuer)")
    try:
        claims = jwt.decode(
            token,
            private_key().public_key(),
            algorithms=["RS256"],
            issuer=issuer_id(),
            options={"require": ["iss", "jti", "nbf"]},
        )
    except jwt.InvalidIssuerError as error:
        raise CredentialError("issued by someone else") from error
    except jwt.PyJWTError as error:
        raise CredentialError(f"bad signature or claims: {error}") from error
    if "OpenBadgeCredential" not in claims.get("type", []):
        raise CredentialError("not an OpenBadgeCredential")
    code = normalise(claims["jti"].rstrip("/").rsplit("/", 1)[-1])
    certificate = Certificate.objects.filter(code=code).first() if code else None
    if certificate is None:
        raise CredentialError("no such certificate on record")
    if certificate.state == Certificate.State.REVOKED:
        raise CredentialError(f"revoked on {certificate.revoked_at:%Y-%m-%d}")
    if certificate.state == Certificate.State.REPLACED:
        raise CredentialError("replaced by a newer version")
    return claims
