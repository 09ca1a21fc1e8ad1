"""Signing a credential with a given key: a compact JWS (EdDSA, Ed25519) of its JSON.

Open Badges 3.0 accepts a credential secured as a JWT whose payload is the credential (VC-JWT);
this module makes one with the issuer's Ed25519 private key (PEM) and checks one with the public
key. It needs the optional ``cryptography`` package (``pip install 'itineraire[signing]'``);
unsigned export needs nothing.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from itineraire.errors import ItineraireError

__all__ = ["SigningError", "sign", "verify"]

_HEADER = {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc"}


class SigningError(ItineraireError, ValueError):
    """A key that cannot sign or verify, a token that does not verify, or no cryptography."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign(credential: dict[str, Any], private_key_pem: bytes, key_id: str = "") -> str:
    """The credential as a compact JWS signed with the Ed25519 key ``private_key_pem``."""
    serialization, ed25519 = _crypto()
    try:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
    except (ValueError, TypeError) as error:
        raise SigningError(f"the signing key is not a PEM private key: {error}") from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise SigningError("the signing key must be an Ed25519 private key")
    header = dict(_HEADER, kid=key_id) if key_id else dict(_HEADER)
    signed = f"{_b64(_canonical(header))}.{_b64(_canonical(credential))}"
    return f"{signed}.{_b64(key.sign(signed.encode('ascii')))}"


def verify(token: str, public_key_pem: bytes) -> dict[str, Any]:
    """The credential a compact JWS carries, once its signature checks with the key."""
    serialization, ed25519 = _crypto()
    from cryptography.exceptions import InvalidSignature

    key = serialization.load_pem_public_key(public_key_pem)
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise SigningError("the verifying key must be an Ed25519 public key")
    try:
        header, payload, signature = token.split(".")
    except ValueError:
        raise SigningError("not a compact JWS (three dot-separated parts)") from None
    try:
        key.verify(_unb64(signature), f"{header}.{payload}".encode("ascii"))
    except InvalidSignature:
        raise SigningError("the signature does not match the credential") from None
    credential: dict[str, Any] = json.loads(_unb64(payload))
    return credential


def _crypto() -> tuple[Any, Any]:
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise SigningError(
            "signing needs the cryptography package: pip install 'itineraire[signing]'"
        ) from None
    return serialization, ed25519
