"""The portfolio as a European Learning Model credential (Europass, European Digital
Credentials, JSON-LD).

One ``EuropeanDigitalCredential`` whose subject (a ``Person``) has one claim per block validated,
per competence held and per certification obtained: a ``LearningAchievement`` awarded by an
``AwardingProcess`` (who, when), specified by a ``LearningAchievementSpecification`` (a block, a
competence) or a ``Qualification`` (a certification, whose achievement ``hasPart`` its blocks'),
proven by a ``LearningAssessment`` that says how it was validated and on what evidence. The terms
are those of the European Digital Credentials application-profile context. Blocks still waiting
for a jury's confirmation are left out.

:func:`portfolio_from_elm` reads the credential back into a portfolio (the round trip the tests
check).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from itineraire.credentials.common import PLACEHOLDER_ISSUER, Issuer, timestamp, urn
from itineraire.journeys.portfolio import Portfolio, PortfolioBlock, PortfolioCompetence
from itineraire.model.catalogue import Catalogue
from itineraire.validation.methods import ValidationMethod

__all__ = ["ELM_CONTEXT", "elm_credential", "portfolio_from_elm"]

ELM_CONTEXT: Final = (
    "https://www.w3.org/ns/credentials/v2",
    "http://data.europa.eu/snb/model/context/edc-ap",
)

_LANGUAGE = "fr"


def _text(value: str) -> dict[str, str]:
    return {_LANGUAGE: value}


def elm_credential(
    portfolio: Portfolio, catalogue: Catalogue, issuer: Issuer = PLACEHOLDER_ISSUER
) -> dict[str, Any]:
    """The portfolio as one European Digital Credential."""
    awarding = {
        "id": urn("organisation", issuer.id),
        "type": "Organisation",
        "legalName": _text(issuer.name),
        "homepage": issuer.url,
    }
    claims: list[dict[str, Any]] = []
    held = [block for block in portfolio.blocks if not block.pending]
    for code in portfolio.certifications:
        own = [block for block in held if block.certification == code]
        claims.append(_qualification(code, own, catalogue, portfolio, awarding))
    claims += [_block(block, portfolio.learner, awarding) for block in held]
    claims += [_competence(item, portfolio.learner, awarding) for item in portfolio.competences]
    return {
        "@context": list(ELM_CONTEXT),
        "id": urn("credential", portfolio.learner, "europass"),
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "issuer": awarding,
        "issuanceDate": timestamp(portfolio.date),
        "validFrom": timestamp(portfolio.date),
        "title": _text(f"Portfolio of {portfolio.learner}"),
        "credentialSubject": {
            "id": urn("learner", portfolio.learner),
            "type": "Person",
            "hasClaim": claims,
        },
    }


def _achievement(
    identifier: str,
    title: str,
    day: dt.date,
    awarding: dict[str, Any],
    specification: dict[str, Any],
    proof: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": identifier,
        "type": "LearningAchievement",
        "title": _text(title),
        "awardedBy": {
            "id": f"{identifier}:awarding",
            "type": "AwardingProcess",
            "awardingBody": [awarding["id"]],
            "awardingDate": timestamp(day),
        },
        "specifiedBy": specification,
        "provenBy": [proof],
    }


def _assessment(identifier: str, method: ValidationMethod, evidence: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": f"{identifier}:assessment",
        "type": "LearningAssessment",
        "title": _text(method.value),
    }
    if evidence:
        found["description"] = _text(evidence)
    return found


def _identifier(code: str, scheme: str) -> list[dict[str, Any]]:
    return [{"type": "Identifier", "notation": code, "schemeName": scheme}]


def _block(block: PortfolioBlock, learner: str, awarding: dict[str, Any]) -> dict[str, Any]:
    identifier = urn("achievement", learner, "block", block.block)
    specification = {
        "id": urn("block", block.block),
        "type": "LearningAchievementSpecification",
        "title": _text(block.title),
        "identifier": _identifier(block.block, "RNCP block"),
        "partialQualification": True,
    }
    proof = _assessment(identifier, block.method, block.evidence)
    return _achievement(identifier, block.title, block.date, awarding, specification, proof)


def _competence(
    competence: PortfolioCompetence, learner: str, awarding: dict[str, Any]
) -> dict[str, Any]:
    identifier = urn("achievement", learner, "competence", competence.competence)
    code = competence.competence
    specification: dict[str, Any] = {
        "id": urn("competence", code),
        "type": "LearningAchievementSpecification",
        "title": _text(competence.title),
        "identifier": _identifier(code, "itineraire competence"),
    }
    if competence.level is not None:
        # The level on the competence's own scale (CEFR, Pix), as a note: ELM's education
        # levels are EQF concepts, which a language level is not.
        specification["additionalNote"] = [{"type": "Note", "noteLiteral": _text(competence.level)}]
    proof = _assessment(identifier, competence.method, competence.evidence)
    return _achievement(
        identifier, competence.title, competence.date, awarding, specification, proof
    )


def _qualification(
    code: str,
    own: list[PortfolioBlock],
    catalogue: Catalogue,
    portfolio: Portfolio,
    awarding: dict[str, Any],
) -> dict[str, Any]:
    certification = catalogue.certifications[code]
    identifier = urn("achievement", portfolio.learner, "certification", code)
    specification: dict[str, Any] = {
        "id": urn("certification", code),
        "type": "Qualification",
        "title": _text(certification.title),
        "identifier": _identifier(code, "RNCP" if code.startswith("RNCP") else "RS"),
    }
    day = max((block.date for block in own), default=portfolio.date)
    proof = {
        "id": f"{identifier}:assessment",
        "type": "LearningAssessment",
        "title": _text("its blocks, validated"),
    }
    found = _achievement(identifier, certification.title, day, awarding, specification, proof)
    found["hasPart"] = [urn("achievement", portfolio.learner, "block", b.block) for b in own]
    return found


def portfolio_from_elm(
    credential: Mapping[str, Any], catalogue: Catalogue, learner: str
) -> Portfolio:
    """The portfolio one European Digital Credential carries."""
    blocks: list[PortfolioBlock] = []
    competences: list[PortfolioCompetence] = []
    certifications: list[str] = []
    for claim in credential["credentialSubject"]["hasClaim"]:
        specification = claim["specifiedBy"]
        code = specification["identifier"][0]["notation"]
        if specification["type"] == "Qualification":
            certifications.append(code)
            continue
        day = dt.date.fromisoformat(claim["awardedBy"]["awardingDate"][:10])
        proof = claim["provenBy"][0]
        method = ValidationMethod(proof["title"][_LANGUAGE])
        evidence = proof.get("description", {}).get(_LANGUAGE, "")
        title = specification["title"][_LANGUAGE]
        if code in catalogue.blocks:
            owner = catalogue.blocks[code].certification
            blocks.append(PortfolioBlock(code, title, owner, day, method, evidence))
        else:
            notes = specification.get("additionalNote", [])
            level = notes[0]["noteLiteral"][_LANGUAGE] if notes else None
            competences.append(PortfolioCompetence(code, title, level, day, method, evidence))
    return Portfolio(
        learner=learner,
        date=dt.date.fromisoformat(credential["issuanceDate"][:10]),
        blocks=tuple(blocks),
        competences=tuple(competences),
        certifications=tuple(certifications),
    )
