"""``itineraire check``: the catalogue's consistency findings."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from itineraire.analysis.checks import check_catalogue
from itineraire.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    catalogue_option,
    load,
    show,
    show_json,
    source,
    wants_json,
)
from itineraire.display.catalogue import findings_view


def register(commands: Any) -> None:
    check = commands.add_parser(
        "check", help="list the catalogue's consistency findings (exit 1 if any)"
    )
    catalogue_option(check)
    check.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="also report registrations that ended before this date",
    )
    check.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments, strict=False)
    findings = check_catalogue(catalogue, as_of=arguments.as_of)
    if wants_json(arguments):
        show_json(
            {
                "catalogue": source(arguments),
                "findings": [
                    {
                        "severity": f.severity.value,
                        "code": f.code,
                        "subject": f.subject,
                        "message": f.message,
                    }
                    for f in findings
                ],
            }
        )
    else:
        show(findings_view(findings))
    return EXIT_FINDINGS if findings else EXIT_OK
