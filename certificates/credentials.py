"""Open Badges 3.0 credentials, signed as VC-JWT (RS256).

The signing key is created on first use and kept out of the repository: at
``CREDENTIAL_KEY_PATH`` (environment or setting) or ``<BASE_DIR>/var/keys/`` (git-ignored).
Several app processes must share the same file (a mounted volume in production).
"""

import base64
import hashlib
import json
import os
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


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk() -> dict:
    numbers = private_key().public_key().public_numbers()
    jwk = {"kty": "RSA", "e": _b64(numbers.e), "n": _b64(numbers.n)}
    # RFC 7638 thumbprint as the key id.
    canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()
    return {**jwk, "kid": kid, "use": "sig", "alg": "RS256"}


def issuer_id() -> str:
    return settings.SITE_URL + "/issuer/"


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
                "id": f"{issuer_id()}#{jwk['kid']}",
                "type": "JsonWebKey",
                "controller": issuer_id(),
                "publicKeyJwk": {k: jwk[k] for k in ("kty", "e", "n")},
            }
        ],
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
    return {
        "@context": CONTEXTS,
        "id": f"{base}/verify/{certificate.code}/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": certificate.course_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.holder_name,
            "achievement": {
                "id": f"{base}/certificates/achievements/{rule.pk}/",
                "type": ["Achievement"],
                "name": certificate.course_title,
                "description": rule.name,
                "criteria": {"narrative": criteria_narrative(rule)},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": name,
                        "targetUrl": f"{base}/certificates/competencies/{_slug(name)}/",
                        "targetType": "CFItem",
                    }
                    for name in certificate.competencies
                ],
            },
        },
        "credentialStatus": {
            "id": f"{base}/verify/{certificate.code}.json",
            "type": "1EdTechRevocationList",
        },
    }


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text) or hashlib.sha256(text.encode()).hexdigest()[:12]


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
    if header.get("kid") != jwk["kid"]:
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
