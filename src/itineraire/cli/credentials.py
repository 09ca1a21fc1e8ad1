"""``itineraire credentials``: a journey's portfolio as Open Badges 3.0 or a European Learning
Model credential, or a route as a CTDL pathway (JSON-LD on stdout)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from itineraire.cli.output import EXIT_FINDINGS, EXIT_OK, catalogue_option, fail, load, show_json
from itineraire.cli.subjects import PLANNING_FAILURES, UsageError, plan_for, route_options, subjects
from itineraire.credentials import Issuer, achievement_credentials, ctdl_pathway, elm_credential
from itineraire.credentials.common import DEFAULT_ISSUER_ID
from itineraire.credentials.signing import SigningError, sign
from itineraire.journeys import load_journey, portfolio

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "credentials", help="export a portfolio or a route in open credential formats"
    )
    formats = parser.add_subparsers(title="formats", metavar="FORMAT", required=True)
    badges = formats.add_parser(
        "openbadges", help="the portfolio of a journey as Open Badges 3.0 credentials"
    )
    _journey_options(badges)
    badges.add_argument(
        "--sign-key",
        metavar="PEM",
        help="sign each credential with this Ed25519 private key (compact JWS; needs cryptography)",
    )
    badges.add_argument("--key-id", default="", metavar="ID", help="the key's id in the JWS header")
    badges.set_defaults(command=_run_openbadges)
    elm = formats.add_parser(
        "elm", help="the portfolio of a journey as a European Learning Model (Europass) credential"
    )
    _journey_options(elm)
    elm.set_defaults(command=_run_elm)
    ctdl = formats.add_parser("ctdl", help="a learner's route as a CTDL pathway")
    route_options(ctdl)
    _issuer_options(ctdl)
    ctdl.set_defaults(command=_run_ctdl)


def _journey_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", help="a journey file (JSON or TOML)")
    catalogue_option(parser)
    _issuer_options(parser)


def _issuer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--issuer-id", default=DEFAULT_ISSUER_ID, metavar="URI", help="the issuer's URL or DID"
    )
    parser.add_argument(
        "--issuer-name", default="itineraire (unnamed issuer)", metavar="NAME", help="its name"
    )
    parser.add_argument("--issuer-url", metavar="URL", help="its web page (default: its id)")


def _issuer(arguments: argparse.Namespace) -> Issuer:
    return Issuer(
        arguments.issuer_id, arguments.issuer_name, arguments.issuer_url or arguments.issuer_id
    )


def _run_openbadges(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments)
    journey = load_journey(arguments.journey, catalogue)
    credentials = achievement_credentials(portfolio(journey), catalogue, _issuer(arguments))
    if arguments.sign_key is None:
        show_json(credentials)
        return EXIT_OK
    try:
        key = Path(arguments.sign_key).read_bytes()
        show_json([sign(credential, key, arguments.key_id) for credential in credentials])
    except OSError as error:
        return fail(f"--sign-key {arguments.sign_key}: {error.strerror}")
    except SigningError as error:
        return fail(str(error))
    return EXIT_OK


def _run_elm(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments)
    journey = load_journey(arguments.journey, catalogue)
    show_json(elm_credential(portfolio(journey), catalogue, _issuer(arguments)))
    return EXIT_OK


def _run_ctdl(arguments: argparse.Namespace) -> int:
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    graphs = []
    for learner in chosen.learners:
        found = plan_for(chosen, learner, chosen.objectives[0])
        if isinstance(found, PLANNING_FAILURES):
            sys.stderr.write(f"{found}\n")
            return EXIT_FINDINGS
        graphs.append(ctdl_pathway(found[0], _issuer(arguments)))
    show_json(graphs[0] if len(graphs) == 1 else graphs)
    return EXIT_OK
