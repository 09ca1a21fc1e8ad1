"""The portfolio and the route in open formats, checked against the formats' published schemas
and contexts (copies in ``tests/data/credentials``, sources in its README), and read back.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from itineraire import builtin_catalogue, learner_from_data
from itineraire.cli import main
from itineraire.credentials import (
    Issuer,
    achievement_credentials,
    ctdl_pathway,
    elm_credential,
    portfolio_from_elm,
    portfolio_from_openbadges,
    route_steps_from_ctdl,
)
from itineraire.credentials.signing import SigningError, sign, verify
from itineraire.journeys import load_journey, portfolio
from itineraire.journeys.portfolio import Portfolio, PortfolioBlock, PortfolioCompetence
from itineraire.planning import Planner
from itineraire.validation.methods import ValidationMethod

DATA = Path(__file__).parent / "data" / "credentials"
EXAMPLES = Path(__file__).parent.parent / "examples" / "journeys"
CATALOGUE = builtin_catalogue()
ISSUER = Issuer("https://cfa.example.org", "CFA Grand Est (example)", "https://cfa.example.org")


def _schema(*parts: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))
    return loaded


def _rich_portfolio() -> Portfolio:
    """A portfolio with every kind of item: a certification obtained, blocks by training, VAE,
    equivalence and pending jury, competences with and without a level."""
    day = dt.date(2027, 6, 1)
    blocks = tuple(
        PortfolioBlock(code, CATALOGUE.blocks[code].title, "RNCP37715", day, method, evidence)
        for code, method, evidence in (
            ("RNCP37715-B1", ValidationMethod.VAE, "jury of 2027-05-20"),
            ("RNCP37715-B2", ValidationMethod.TRAINING, "module avf-b2, score 14/20"),
            ("RNCP37715-B3", ValidationMethod.COMPANY, ""),
        )
    )
    pending = PortfolioBlock(
        "RNCP37674BC01",
        CATALOGUE.blocks["RNCP37674BC01"].title,
        "RNCP37674",
        day,
        ValidationMethod.VAE,
        "awaiting confirmation",
        pending=True,
    )
    competences = (
        PortfolioCompetence(
            "clea.1", "Communiquer en français", None, day, ValidationMethod.PRIOR, ""
        ),
        PortfolioCompetence(
            "lang.fle",
            "Français langue étrangère (FLE)",
            "B1",
            day,
            ValidationMethod.TRAINING,
            "DCL",
        ),
    )
    return Portfolio("ana", day, (*blocks, pending), competences, ("RNCP37715",))


def _awarded(item: Portfolio) -> Portfolio:
    """The portfolio without its pending blocks: what a credential may carry."""
    blocks = tuple(block for block in item.blocks if not block.pending)
    return Portfolio(item.learner, item.date, blocks, item.competences, item.certifications)


def _example_portfolios() -> Iterator[Portfolio]:
    yield _rich_portfolio()
    for name in ("leo-returns", "nadia-vae"):
        yield portfolio(load_journey(EXAMPLES / f"{name}.json", CATALOGUE))


# Open Badges 3.0 -------------------------------------------------------------------------------

OB_VALIDATOR = jsonschema.Draft201909Validator(
    _schema("openbadges", "ob_v3p0_achievementcredential_schema.json"),
    format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER,
)


@pytest.mark.parametrize("item", list(_example_portfolios()), ids=lambda item: item.learner)
def test_open_badges_credentials_follow_the_published_schema(item: Portfolio) -> None:
    """Every credential validates against 1EdTech's Open Badges 3.0 JSON Schema, and reading
    them back gives the portfolio (pending blocks, not awarded yet, are left out)."""
    credentials = achievement_credentials(item, CATALOGUE, ISSUER)
    for credential in credentials:
        assert list(OB_VALIDATOR.iter_errors(credential)) == []
    back = portfolio_from_openbadges(credentials, CATALOGUE, item.learner, item.date)
    assert back == _awarded(item)


def test_open_badges_schema_catches_a_broken_credential() -> None:
    """The check is real: a credential without its start of validity, or with a subject that
    names no achievement, is refused by the schema."""
    credential = achievement_credentials(_rich_portfolio(), CATALOGUE, ISSUER)[0]
    broken = copy.deepcopy(credential)
    del broken["validFrom"]
    assert [error.message for error in OB_VALIDATOR.iter_errors(broken)] == [
        "'validFrom' is a required property"
    ]
    broken = copy.deepcopy(credential)
    del broken["credentialSubject"]["achievement"]
    assert list(OB_VALIDATOR.iter_errors(broken))


def test_open_badges_say_how_each_block_was_validated() -> None:
    """The evidence of a block validated by VAE names the method and the jury."""
    credentials = achievement_credentials(_rich_portfolio(), CATALOGUE, ISSUER)
    (vae,) = [c for c in credentials if c["id"].endswith(":block:RNCP37715-B1")]
    assert vae["evidence"] == [
        {
            "type": ["Evidence"],
            "name": "validated by a VAE jury (prior experience validation)",
            "genre": "vae",
            "narrative": "jury of 2027-05-20",
        }
    ]
    assert vae["issuer"]["name"] == "CFA Grand Est (example)"
    assert vae["validFrom"] == "2027-06-01T00:00:00Z"


def test_illustrative_certifications_get_no_france_competences_link() -> None:
    """A block of an illustrative fiche is not aligned to a France Compétences page (its code
    is not presented as real); a confirmed fiche's block is."""
    day = dt.date(2027, 1, 1)
    item = Portfolio(
        "x",
        day,
        (
            PortfolioBlock("RNCP37715-B1", "t", "RNCP37715", day, ValidationMethod.TRAINING, ""),
            PortfolioBlock("RNCP37674BC01", "t", "RNCP37674", day, ValidationMethod.TRAINING, ""),
        ),
        (),
        (),
    )
    found = achievement_credentials(item, CATALOGUE, ISSUER)
    achievements = [c["credentialSubject"]["achievement"] for c in found]
    assert "alignment" not in achievements[0]
    assert achievements[1]["alignment"][0]["targetUrl"] == (
        "https://www.francecompetences.fr/recherche/rncp/37674/"
    )


def test_a_signed_credential_verifies_with_the_key_and_not_when_altered() -> None:
    """Signing with a given Ed25519 key gives a compact JWS the public key verifies; a changed
    payload does not verify."""
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    credential = achievement_credentials(_rich_portfolio(), CATALOGUE, ISSUER)[0]
    token = sign(credential, private, key_id="did:example:issuer#key-1")
    assert verify(token, public) == credential
    header, _payload, signature = token.split(".")
    other = achievement_credentials(_rich_portfolio(), CATALOGUE, ISSUER)[1]
    forged = sign(other, private).split(".")[1]
    with pytest.raises(SigningError, match="the signature does not match the credential"):
        verify(f"{header}.{forged}.{signature}", public)
    with pytest.raises(SigningError, match="the signing key is not a PEM private key"):
        sign(credential, b"not a key")


# European Learning Model -----------------------------------------------------------------------

ELM_TERMS = frozenset(_schema("elm", "edc-ap.json")["@context"])
VC_ALIASES = frozenset({"id", "type"})


def _keys_and_types(node: Any) -> Iterator[tuple[str, str]]:
    """Every (key, '') and ('', type) of a JSON-LD document, language maps excepted."""
    if isinstance(node, list):
        for item in node:
            yield from _keys_and_types(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            yield key, ""
            if key == "type":
                for name in value if isinstance(value, list) else [value]:
                    yield "", name
            elif not (isinstance(value, dict) and set(value) <= {"fr", "en"}):
                yield from _keys_and_types(value)


@pytest.mark.parametrize("item", list(_example_portfolios()), ids=lambda item: item.learner)
def test_elm_credential_uses_only_terms_of_the_published_context(item: Portfolio) -> None:
    """Every property and class of the European Digital Credential is a term of the EDC
    application-profile context (``id`` and ``type`` are the W3C credentials context's), and
    reading it back gives the portfolio."""
    credential = elm_credential(item, CATALOGUE, ISSUER)
    unknown = sorted(
        {key or name for key, name in _keys_and_types(credential)} - ELM_TERMS - VC_ALIASES
    )
    assert unknown == []
    assert portfolio_from_elm(credential, CATALOGUE, item.learner) == _awarded(item)


def test_elm_term_check_catches_a_foreign_term() -> None:
    """The check is real: a property the context does not define is reported."""
    credential = elm_credential(_rich_portfolio(), CATALOGUE, ISSUER)
    credential["credentialSubject"]["hasClaim"][0]["grade42"] = "A"
    unknown = {key or name for key, name in _keys_and_types(credential)}
    assert unknown - ELM_TERMS - VC_ALIASES == {"grade42"}


def test_elm_certification_is_made_of_its_blocks() -> None:
    """The certification's achievement lists its blocks' achievements as parts."""
    credential = elm_credential(_rich_portfolio(), CATALOGUE, ISSUER)
    claims = credential["credentialSubject"]["hasClaim"]
    assert claims[0]["specifiedBy"]["type"] == "Qualification"
    assert claims[0]["hasPart"] == [
        f"urn:itineraire:achievement:ana:block:RNCP37715-B{n}" for n in (1, 2, 3)
    ]


# CTDL pathway ----------------------------------------------------------------------------------


def _ctdl_validators() -> tuple[jsonschema.Draft4Validator, jsonschema.Draft4Validator]:
    supplement = _schema("ctdl", "supplement.json")
    validators = []
    for name in ("pathway.json", "pathway_component.json"):
        schema = _schema("ctdl", name)
        text = json.dumps(schema)
        referred = {ref.split('"')[0] for ref in text.split('"#/definitions/')[1:]}
        missing = referred - set(schema["definitions"])
        # The supplement fills exactly the holes of the published schema, no more.
        assert missing == set(supplement[name])
        schema["definitions"].update(supplement[name])
        validators.append(
            jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
        )
    return validators[0], validators[1]


PATHWAY, COMPONENT = _ctdl_validators()


def _demo_route() -> Any:
    text = (Path(__file__).parent.parent / "src/itineraire/data/demo_learner.json").read_text()
    learner = learner_from_data(json.loads(text), CATALOGUE)
    return Planner(CATALOGUE).plan(learner)


def test_ctdl_pathway_follows_the_registry_schemas_and_reads_back() -> None:
    """The pathway and each component validate against the Credential Registry's schemas; the
    destination has every step as a child; reading back gives the route's steps in order."""
    route = _demo_route()
    graph = ctdl_pathway(route, ISSUER)
    pathway, destination, *components = graph["@graph"]
    assert list(PATHWAY.iter_errors(pathway)) == []
    for node in (destination, *components):
        assert list(COMPONENT.iter_errors(node)) == []
    assert destination["@type"] == "ceterms:CredentialComponent"
    assert [c["@type"] for c in components] == [
        "ceterms:AssessmentComponent",
        *["ceterms:CourseComponent"] * 4,
    ]
    assert route_steps_from_ctdl(graph) == [
        (step.number, step.kind.value, step.action) for step in route.steps
    ]


def test_ctdl_schema_catches_a_component_without_ctid() -> None:
    """The check is real: a component without its CTID, or of an unknown class, is refused."""
    graph = ctdl_pathway(_demo_route(), ISSUER)
    component = copy.deepcopy(graph["@graph"][2])
    del component["ceterms:ctid"]
    assert list(COMPONENT.iter_errors(component))
    component = copy.deepcopy(graph["@graph"][2])
    component["@type"] = "ceterms:Course"
    assert list(COMPONENT.iter_errors(component))


def test_ctdl_identifiers_are_stable() -> None:
    """The same route always gives the same graph, CTIDs included."""
    route = _demo_route()
    assert ctdl_pathway(route, ISSUER) == ctdl_pathway(route, ISSUER)


# Command line ----------------------------------------------------------------------------------


def test_the_command_line_exports_each_format(capsys: pytest.CaptureFixture[str]) -> None:
    """``credentials openbadges|elm JOURNEY`` and ``credentials ctdl`` print the documents."""
    journey = str(EXAMPLES / "nadia-vae.json")
    assert main(["credentials", "openbadges", journey, "--issuer-name", "CFA"]) == 0
    badges = json.loads(capsys.readouterr().out)
    assert [b["credentialSubject"]["achievement"]["humanCode"] for b in badges] == [
        "RNCP37715-B1",
        "clea.1",
        "clea.2",
    ]
    assert badges[0]["issuer"]["name"] == "CFA"
    assert main(["credentials", "elm", journey]) == 0
    assert json.loads(capsys.readouterr().out)["type"][1] == "EuropeanDigitalCredential"
    assert main(["credentials", "ctdl"]) == 0
    assert json.loads(capsys.readouterr().out)["@graph"][0]["@type"] == "ceterms:Pathway"


def test_the_command_line_signs_with_a_given_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--sign-key`` prints one compact JWS per credential, each verifying with the public
    key; a missing key file is a usage error naming the option."""
    key = ed25519.Ed25519PrivateKey.generate()
    pem = tmp_path / "issuer.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    journey = str(EXAMPLES / "nadia-vae.json")
    assert main(["credentials", "openbadges", journey, "--sign-key", str(pem)]) == 0
    tokens = json.loads(capsys.readouterr().out)
    assert [verify(token, public)["type"][1] for token in tokens] == ["OpenBadgeCredential"] * 3
    missing = str(tmp_path / "absent.pem")
    assert main(["credentials", "openbadges", journey, "--sign-key", missing]) == 2
    assert capsys.readouterr().err == (f"error: --sign-key {missing}: No such file or directory\n")
