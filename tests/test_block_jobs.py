"""Experience relates to blocks through jobs: the built-in blocks name theirs, a VAE covers only
the blocks a person's jobs relate to, and ``check`` warns when a certification's blocks name none.

ROME codes are checked against the ROME 4.0 v460 referential of France Travail kept for the import
tests (``tests/data/import/rome4_v460``, see the ``PROVENANCE.md`` beside it).
"""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import pytest

from itineraire import builtin_catalogue, check_catalogue, learner_from_data
from itineraire.analysis.checks import Finding, Severity
from itineraire.files.export import catalogue_document, to_json
from itineraire.files.loading import catalogue_from_data
from itineraire.planning import Objective, Planner, StepKind
from itineraire.planning.route import Route

ROME = Path(__file__).parent / "data" / "import" / "rome4_v460"
CATALOGUE = builtin_catalogue()
PLANNER = Planner(CATALOGUE)


def _rome_codes() -> set[str]:
    with (ROME / "unix_referentiel_code_rome_v460_utf8.csv").open(encoding="utf-8") as file:
        return {row["code_rome"] for row in csv.DictReader(file)}


def _vae_blocks(route: Route) -> set[str]:
    return {b for step in route.steps if step.kind is StepKind.VAE_JURY for b in step.validates}


def test_every_built_in_block_names_its_jobs_from_rome_v460() -> None:
    """No block of the built-in catalogue takes its certification's jobs wholesale, and every
    job it names is a code of ROME 4.0 v460."""
    codes = _rome_codes()
    for block in CATALOGUE.blocks.values():
        assert block.names_jobs, block.code
        assert set(block.experience_rome) <= codes, block.code


def test_home_help_experience_relates_to_the_housekeeping_block_only() -> None:
    """3,200 h as a home employee (K1304, employé familial) relate to the housekeeping block of
    the home-help title: a VAE covers that block, training the two others."""
    learner = learner_from_data(
        {
            "id": "k1304",
            "positioning": {
                "date": "2027-01-04",
                "competences": ["clea.1", "clea.2"],
                "experience": [{"rome": "K1304", "hours": 3200}],
            },
            "target": {"certification": "RNCP37715"},
        },
        CATALOGUE,
    )
    route = PLANNER.plan(learner, Objective.HOURS)
    assert _vae_blocks(route) == {"RNCP37715-B1"}
    trained = {b for s in route.steps if s.kind is StepKind.TRAINING for b in s.validates}
    assert trained >= {"RNCP37715-B2", "RNCP37715-B3"}


def test_one_kitchen_season_relates_to_the_kitchen_blocks_only() -> None:
    """A 610-hour season as a kitchen assistant (G1602, commis de cuisine) relates to the two
    kitchen blocks of Agent de restauration, not to service (B3) nor dishwashing (B4): it no
    longer validates all four by VAE."""
    learner = learner_from_data(
        {
            "id": "season",
            "positioning": {
                "date": "2027-01-04",
                "competences": ["clea.1", "clea.7"],
                "experience": [{"rome": "G1602", "hours": 610}],
            },
            "target": {"certification": "ILLUSTR-TP-ADR"},
        },
        CATALOGUE,
    )
    route = PLANNER.plan(learner, Objective.HOURS)
    assert _vae_blocks(route) == {"ILLUSTR-TP-ADR-B1", "ILLUSTR-TP-ADR-B2"}
    trained = {b for s in route.steps if s.kind is StepKind.TRAINING for b in s.validates}
    assert trained == {"ILLUSTR-TP-ADR-B3", "ILLUSTR-TP-ADR-B4"}


def _jobless(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for block in data["certifications"][0]["blocks"]:
        block.pop("experience_rome", None)
    return data


def test_check_warns_when_no_block_of_a_vae_certification_names_its_jobs(
    minimal_catalogue_data: dict[str, Any],
) -> None:
    """Blocks without ``experience_rome`` take the certification's jobs: each job counts for
    every block alike, which ``check`` points out."""
    catalogue = catalogue_from_data(_jobless(minimal_catalogue_data))
    assert list(check_catalogue(catalogue)) == [
        Finding(
            Severity.WARNING,
            "vae-blocks-without-jobs",
            "certification RNCP37674",
            "is open to VAE, but none of its 2 blocks names its related jobs (experience_rome):"
            " experience in any of its jobs (M1805) counts for every block, so one job's hours"
            " may validate them all",
        )
    ]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda c: c.update(access_routes=[]), "closed to VAE"),
        (lambda c: c["blocks"][0].update(experience_rome=["M1805"]), "one block names its jobs"),
        (lambda c: c.update(blocks=c["blocks"][:1]), "a single block"),
    ],
)
def test_no_warning_when_jobs_do_not_matter_or_are_named(
    minimal_catalogue_data: dict[str, Any], change: Any, why: str
) -> None:
    """No VAE, one block naming its jobs, or a single block (whose jobs are the
    certification's): nothing to warn about."""
    data = _jobless(minimal_catalogue_data)
    change(data["certifications"][0])
    if len(data["certifications"][0]["blocks"]) == 2:
        back = {"kind": "professional", "id": "back", "title": "Back", "hours": 300, "cost": 0}
        data["modules"].append({**back, "block": "RNCP37674BC02", "validates": ["RNCP37674BC02"]})
    assert check_catalogue(catalogue_from_data(data)) == (), why


def test_named_and_inherited_jobs_survive_export(minimal_catalogue_data: dict[str, Any]) -> None:
    """A block naming exactly its certification's jobs keeps them named after export and
    loading; one that names none still takes the certification's."""
    data = _jobless(minimal_catalogue_data)
    data["certifications"][0]["blocks"][0]["experience_rome"] = ["M1805"]
    catalogue = catalogue_from_data(data)
    again = catalogue_from_data(json.loads(to_json(catalogue_document(catalogue))))
    assert again == catalogue
    assert again.blocks["RNCP37674BC01"].names_jobs
    back = again.blocks["RNCP37674BC02"]
    assert (back.names_jobs, back.experience_rome) == (False, ("M1805",))
