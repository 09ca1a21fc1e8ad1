"""The portfolio and the route in open credential formats.

- :mod:`~itineraire.credentials.openbadges`: the portfolio as Open Badges 3.0 achievement
  credentials (1EdTech);
- :mod:`~itineraire.credentials.elm`: the portfolio as a European Learning Model credential
  (Europass, European Digital Credentials);
- :mod:`~itineraire.credentials.ctdl`: the route as a Credential Engine CTDL pathway;
- :mod:`~itineraire.credentials.signing`: a credential signed with a given Ed25519 key (optional,
  needs ``cryptography``).

What each format can and cannot carry is in ``docs/credentials.md``.
"""

from __future__ import annotations

from itineraire.credentials.common import Issuer
from itineraire.credentials.ctdl import ctdl_pathway, route_steps_from_ctdl
from itineraire.credentials.elm import elm_credential, portfolio_from_elm
from itineraire.credentials.openbadges import achievement_credentials, portfolio_from_openbadges

__all__ = [
    "Issuer",
    "achievement_credentials",
    "ctdl_pathway",
    "elm_credential",
    "portfolio_from_elm",
    "portfolio_from_openbadges",
    "route_steps_from_ctdl",
]
