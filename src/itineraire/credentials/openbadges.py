"""The portfolio as Open Badges 3.0 achievement credentials (1EdTech, JSON-LD).

One ``OpenBadgeCredential`` per block validated and per competence held, and one per
certification obtained: the achievement names the block (aligned to its certification on France
Compétences when the code is confirmed), the subject is the person, the evidence says how it was
validated (training, VAE, company, equivalence, held before the route) and on what. Blocks still
waiting for a jury's confirmation are not awarded, so they are left out. The documents are
unsigned; :mod:`itineraire.credentials.signing` signs them with a given key.

:func:`portfolio_from_openbadges` reads the credentials back into a portfolio (the round trip the
tests check).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from itineraire.credentials.common import (
    PLACEHOLDER_ISSUER,
    Issuer,
    certification_page,
    timestamp,
    urn,
)
from itineraire.journeys.portfolio import Portfolio, PortfolioBlock, PortfolioCompetence
from itineraire.model.catalogue import Catalogue
from itineraire.validation.methods import ValidationMethod

__all__ = [
    "OB_CONTEXT",
    "OB_SCHEMA",
    "achievement_credentials",
    "portfolio_from_openbadges",
]

OB_CONTEXT: Final = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
OB_SCHEMA: Final = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)

_METHODS = {
    ValidationMethod.TRAINING: "validated by the evaluation at the end of a training module",
    ValidationMethod.VAE: "validated by a VAE jury (prior experience validation)",
    ValidationMethod.COMPANY: "validated in a company",
    ValidationMethod.EQUIVALENCE: "credited by an equivalence between certifications",
    ValidationMethod.PRIOR: "held before the route, as recorded at the positioning",
}


def achievement_credentials(
    portfolio: Portfolio, catalogue: Catalogue, issuer: Issuer = PLACEHOLDER_ISSUER
) -> list[dict[str, Any]]:
    """The portfolio's credentials: certifications, then blocks, then competences, each in code
    order."""
    subject = urn("learner", portfolio.learner)
    found = [
        _certification(code, portfolio, catalogue, issuer, subject)
        for code in portfolio.certifications
    ]
    found += [
        _block(block, catalogue, issuer, subject, portfolio.learner)
        for block in portfolio.blocks
        if not block.pending
    ]
    found += [
        _competence(competence, issuer, subject, portfolio.learner)
        for competence in portfolio.competences
    ]
    return found


def _credential(
    identifier: str,
    name: str,
    issuer: Issuer,
    day: dt.date,
    subject: dict[str, Any],
    evidence: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "@context": list(OB_CONTEXT),
        "id": identifier,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": timestamp(day),
        "awardedDate": timestamp(day),
        "credentialSubject": subject,
        "evidence": evidence,
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def _evidence(method: ValidationMethod, evidence: str) -> list[dict[str, Any]]:
    item: dict[str, Any] = {
        "type": ["Evidence"],
        "name": _METHODS[method],
        "genre": method.value,
    }
    if evidence:
        item["narrative"] = evidence
    return [item]


def _alignment(catalogue: Catalogue, certification: str, code: str) -> list[dict[str, Any]]:
    page = certification_page(catalogue, certification)
    if page is None:
        return []
    title = catalogue.certifications[certification].title
    return [
        {
            "type": ["Alignment"],
            "targetName": title,
            "targetUrl": page,
            "targetFramework": "RNCP" if certification.startswith("RNCP") else "RS",
            "targetCode": code,
        }
    ]


def _block(
    block: PortfolioBlock, catalogue: Catalogue, issuer: Issuer, subject: str, learner: str
) -> dict[str, Any]:
    certification = catalogue.certifications.get(block.certification)
    of = block.certification if certification is None else certification.title
    achievement: dict[str, Any] = {
        "id": urn("block", block.block),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": block.title,
        "description": f"Skill block {block.block} of certification {block.certification} ({of}).",
        "criteria": {
            "narrative": "The block's evaluation, as the certification framework sets it."
        },
        "humanCode": block.block,
    }
    alignment = _alignment(catalogue, block.certification, block.block)
    if alignment:
        achievement["alignment"] = alignment
    return _credential(
        urn("credential", learner, "block", block.block),
        block.title,
        issuer,
        block.date,
        {"id": subject, "type": ["AchievementSubject"], "achievement": achievement},
        _evidence(block.method, block.evidence),
    )


def _competence(
    competence: PortfolioCompetence, issuer: Issuer, subject: str, learner: str
) -> dict[str, Any]:
    name = (
        competence.title if competence.level is None else f"{competence.title} {competence.level}"
    )
    achievement: dict[str, Any] = {
        "id": urn("competence", competence.competence),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": competence.title,
        "description": f"Competence {competence.competence} of the catalogue.",
        "criteria": {"narrative": "Held as the evidence shows."},
        "humanCode": competence.competence,
    }
    held: dict[str, Any] = {
        "id": subject,
        "type": ["AchievementSubject"],
        "achievement": achievement,
    }
    if competence.level is not None:
        held["result"] = [{"type": ["Result"], "value": competence.level}]
    return _credential(
        urn("credential", learner, "competence", competence.competence),
        name,
        issuer,
        competence.date,
        held,
        _evidence(competence.method, competence.evidence),
    )


def _certification(
    code: str, portfolio: Portfolio, catalogue: Catalogue, issuer: Issuer, subject: str
) -> dict[str, Any]:
    certification = catalogue.certifications[code]
    own = [block for block in portfolio.blocks if block.certification == code]
    day = max((block.date for block in own), default=portfolio.date)
    achievement: dict[str, Any] = {
        "id": urn("certification", code),
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": certification.title,
        "description": f"Certification {code}, obtained by validating its blocks.",
        "criteria": {"narrative": "Every block the certification's rule requires, validated."},
        "humanCode": code,
    }
    alignment = _alignment(catalogue, code, code)
    if alignment:
        achievement["alignment"] = alignment
    return _credential(
        urn("credential", portfolio.learner, "certification", code),
        certification.title,
        issuer,
        day,
        {"id": subject, "type": ["AchievementSubject"], "achievement": achievement},
        [
            {
                "type": ["Evidence"],
                "name": "its blocks, validated",
                "narrative": ", ".join(block.block for block in own),
            }
        ],
    )


def portfolio_from_openbadges(
    credentials: Iterable[Mapping[str, Any]], catalogue: Catalogue, learner: str, date: dt.date
) -> Portfolio:
    """The portfolio the credentials carry (blocks, competences, certifications), for the
    round trip: titles come from the achievements, the rest from the catalogue codes."""
    blocks: list[PortfolioBlock] = []
    competences: list[PortfolioCompetence] = []
    certifications: list[str] = []
    for credential in credentials:
        subject = credential["credentialSubject"]
        achievement = subject["achievement"]
        kind = achievement["achievementType"]
        code = achievement["humanCode"]
        day = dt.date.fromisoformat(credential["validFrom"][:10])
        evidence = credential["evidence"][0]
        if kind == "Certification":
            certifications.append(code)
            continue
        method = ValidationMethod(evidence["genre"])
        narrative = evidence.get("narrative", "")
        if kind == "Certificate":
            owner = catalogue.blocks[code].certification
            blocks.append(PortfolioBlock(code, achievement["name"], owner, day, method, narrative))
        else:
            results = subject.get("result", [])
            level = results[0]["value"] if results else None
            competences.append(
                PortfolioCompetence(code, achievement["name"], level, day, method, narrative)
            )
    return Portfolio(
        learner=learner,
        date=date,
        blocks=tuple(blocks),
        competences=tuple(competences),
        certifications=tuple(certifications),
    )
