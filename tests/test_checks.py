"""Consistency checks: each finding code, on a catalogue that breaks it, with the exact finding.

Structural faults (dangling references, duplicates, levels off their scale) cannot be loaded from
a file, so those catalogues are built in code from the minimal catalogue with ``attrs.evolve``.
Reachability faults and warnings come from files loaded with ``strict=False``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from itineraire.analysis.checks import Finding, Severity, check_catalogue
from itineraire.files.loading import catalogue_from_data, load_catalogue
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.requirements import AllOf, HasBlock, HasCompetence
from itineraire.modules import Module
from itineraire.validation import Equivalence

Data = dict[str, Any]
Build = Callable[[Catalogue], Catalogue]
Change = Callable[[Data], None]

ERROR = Severity.ERROR
WARNING = Severity.WARNING
CERTIFICATION = "RNCP37674"


def error(code: str, subject: str, message: str) -> Finding:
    """An error finding."""
    return Finding(ERROR, code, subject, message)


def warning(code: str, subject: str, message: str) -> Finding:
    """A warning finding."""
    return Finding(WARNING, code, subject, message)


# -- catalogues built in code ------------------------------------------------------------------


def changing_module(identifier: str, **changes: Any) -> Build:
    """A build that replaces one module of the catalogue with a changed copy."""

    def build(catalogue: Catalogue) -> Catalogue:
        module: Module = attrs.evolve(catalogue.modules[identifier], **changes)
        return attrs.evolve(catalogue, modules={**catalogue.modules, identifier: module})

    return build


def changing_certification(**changes: Any) -> Build:
    """A build that replaces the certification of the catalogue with a changed copy."""

    def build(catalogue: Catalogue) -> Catalogue:
        certification = attrs.evolve(catalogue.certifications[CERTIFICATION], **changes)
        certifications = {**catalogue.certifications, CERTIFICATION: certification}
        return attrs.evolve(catalogue, certifications=certifications)

    return build


def filing_module_under(key: str, identifier: str) -> Build:
    """A build that files a module a second time, under a key that is not its id."""

    def build(catalogue: Catalogue) -> Catalogue:
        modules = {**catalogue.modules, key: catalogue.modules[identifier]}
        return attrs.evolve(catalogue, modules=modules)

    return build


def adding_certification(code: str) -> Build:
    """A build that adds a copy of the certification under another code (same blocks)."""

    def build(catalogue: Catalogue) -> Catalogue:
        copy = attrs.evolve(catalogue.certifications[CERTIFICATION], code=code)
        return attrs.evolve(catalogue, certifications={**catalogue.certifications, code: copy})

    return build


def setting_equivalences(*equivalences: Equivalence) -> Build:
    """A build that replaces the catalogue's equivalences."""

    def build(catalogue: Catalogue) -> Catalogue:
        return attrs.evolve(catalogue, equivalences=equivalences)

    return build


def changing_competence(identifier: str, **changes: Any) -> Build:
    """A build that replaces one competence with a changed copy."""

    def build(catalogue: Catalogue) -> Catalogue:
        competence = attrs.evolve(catalogue.competences[identifier], **changes)
        competences = {**catalogue.competences, identifier: competence}
        return attrs.evolve(catalogue, competences=competences)

    return build


def _equivalence(identifier: str, source: str, target: str) -> Equivalence:
    return Equivalence(identifier, frozenset({source}), frozenset({target}))


STRUCTURAL_CASES = [
    pytest.param(
        changing_module("front", validates=("RNCP37674BC09",)),
        [error("dangling-reference", "module front", "validates unknown block 'RNCP37674BC09'")],
        id="dangling-validated-block",
    ),
    pytest.param(
        changing_module("front", block="RNCP37674BC09"),
        [error("dangling-reference", "module front", "belongs to unknown block 'RNCP37674BC09'")],
        id="dangling-module-block",
    ),
    pytest.param(
        changing_module("front", prerequisites=HasBlock("RNCP37674BC09")),
        [
            error(
                "dangling-reference",
                "module front",
                "prerequisite rule cites unknown block 'RNCP37674BC09'",
            )
        ],
        id="dangling-block-in-prerequisite",
    ),
    pytest.param(
        changing_module("front", prerequisites=AllOf((HasCompetence("clea.9"),))),
        [
            error(
                "dangling-reference",
                "module front",
                "prerequisite rule cites unknown competence 'clea.9'",
            )
        ],
        id="dangling-competence-in-prerequisite",
    ),
    pytest.param(
        changing_module("clea-fr", teaches=(HeldCompetence("clea.9"),)),
        [error("dangling-reference", "module clea-fr", "teaches unknown competence 'clea.9'")],
        id="dangling-taught-competence",
    ),
    pytest.param(
        changing_certification(blocks=("RNCP37674BC01", "RNCP37674BC02", "RNCP37674BC03")),
        [
            error(
                "dangling-reference",
                "certification RNCP37674",
                "lists unknown block 'RNCP37674BC03'",
            )
        ],
        id="dangling-certification-block",
    ),
    pytest.param(
        changing_certification(replaces=("RNCP1",)),
        [
            error(
                "dangling-reference",
                "certification RNCP37674",
                "names unknown certification 'RNCP1'",
            )
        ],
        id="dangling-replaced-certification",
    ),
    pytest.param(
        changing_certification(entry_requirement=HasCompetence("clea.9")),
        [
            error(
                "dangling-reference",
                "certification RNCP37674",
                "entry requirement rule cites unknown competence 'clea.9'",
            )
        ],
        id="dangling-competence-in-entry-requirement",
    ),
    pytest.param(
        setting_equivalences(_equivalence("eq", "RNCP37674BC01", "RNCP99999BC01")),
        [error("dangling-reference", "equivalence eq", "unknown block 'RNCP99999BC01'")],
        id="dangling-equivalence-block",
    ),
    pytest.param(
        changing_competence("lang.de", scale="ilr"),
        [error("dangling-reference", "competence lang.de", "unknown scale 'ilr'")],
        id="dangling-scale",
    ),
    pytest.param(
        filing_module_under("copy", "de-b1"),
        [error("duplicate-identifier", "module de-b1", "is filed under another key 'copy'")],
        id="duplicate-module-key",
    ),
    pytest.param(
        adding_certification("RNCP40000"),
        [
            error(
                "duplicate-identifier",
                "certification RNCP40000",
                "block 'RNCP37674BC01' is listed by 'RNCP37674' too",
            ),
            error(
                "duplicate-identifier",
                "certification RNCP40000",
                "block 'RNCP37674BC02' is listed by 'RNCP37674' too",
            ),
        ],
        id="duplicate-block-in-two-certifications",
    ),
    pytest.param(
        setting_equivalences(
            _equivalence("eq", "RNCP37674BC01", "RNCP37674BC02"),
            _equivalence("eq", "RNCP37674BC02", "RNCP37674BC01"),
        ),
        [error("duplicate-identifier", "equivalence eq", "the id is used twice")],
        id="duplicate-equivalence-id",
    ),
    pytest.param(
        changing_module("de-b1", teaches=(HeldCompetence("lang.de", "B7", 2),)),
        [
            error(
                "level-outside-scale",
                "module de-b1",
                "level 'B7' of 'lang.de' is not on scale 'cefr'",
            )
        ],
        id="level-not-on-scale",
    ),
    pytest.param(
        changing_module("de-b1", teaches=(HeldCompetence("lang.de", "B2", 2),)),
        [error("level-outside-scale", "module de-b1", "level 'B2' of 'lang.de' has a wrong rank")],
        id="level-with-wrong-rank",
    ),
    pytest.param(
        changing_module("front", prerequisites=HasCompetence("clea.1", "B1", 2)),
        [error("level-outside-scale", "module front", "'clea.1' has no levels (got 'B1')")],
        id="level-of-unlevelled-competence",
    ),
]


@pytest.mark.parametrize(("build", "expected"), STRUCTURAL_CASES)
def test_structural_fault_gives_its_exact_finding(
    minimal_catalogue: Catalogue, build: Build, expected: list[Finding]
) -> None:
    """A catalogue built in code with a dangling reference, a duplicate identifier or a level
    off its scale gives exactly that finding (reachability is not checked on top of it)."""
    assert list(check_catalogue(build(minimal_catalogue))) == expected


# -- catalogues loaded without the strict checks -----------------------------------------------


def _module(identifier: str, teaches: list[str], requires: str | None = None) -> Data:
    module: Data = {
        "kind": "transversal",
        "id": identifier,
        "title": identifier,
        "hours": 10,
        "cost": 100,
        "domain": "digital",
        "teaches": teaches,
    }
    if requires is not None:
        module["requires"] = requires
    return module


def prerequisite_cycle(data: Data) -> None:
    """Two modules each requiring the competence only the other teaches."""
    data["competences"] += [{"id": "skill.a", "title": "A"}, {"id": "skill.b", "title": "B"}]
    data["modules"] += [
        _module("cycle-b", ["skill.b"], requires="skill.a"),
        _module("cycle-a", ["skill.a"], requires="skill.b"),
    ]


def prerequisite_nobody_teaches(data: Data) -> None:
    """The professional module requires a level of German no module teaches."""
    data["modules"][1]["requires"] = "lang.de>=C1"


def prerequisite_behind_a_blocked_module(data: Data) -> None:
    """The professional module requires a competence taught only by a module that never starts."""
    data["competences"] += [{"id": "skill.y", "title": "Y"}, {"id": "skill.z", "title": "Z"}]
    data["modules"].append(_module("blocked", ["skill.y"], requires="skill.z"))
    data["modules"][1]["requires"] = "skill.y"


def no_vae_and_no_module(data: Data) -> None:
    """The certification is closed to VAE and no module validates its second block."""
    data["certifications"][0]["access_routes"] = []


def vae_rule_never_met(data: Data) -> None:
    """The certification's VAE rule asks a German level nothing teaches."""
    data["certifications"][0]["vae_eligibility"] = "lang.de>=C2"


def validators_never_start(data: Data) -> None:
    """No VAE, and the module validating the first block needs what nothing teaches."""
    data["certifications"][0]["access_routes"] = []
    data["modules"][1]["requires"] = "lang.de>=C1"


def equivalence_from_unattainable_block(data: Data) -> None:
    """No VAE; the second block is granted only by an equivalence from a block nothing gives."""
    data["certifications"][0]["access_routes"] = []
    data["certifications"].append(
        {
            "code": "RNCP40000",
            "registry": "rncp",
            "title": "Other",
            "level": 4,
            "blocks": [{"code": "RNCP40000BC01", "title": "Other block"}],
        }
    )
    data["equivalences"] = [
        {"id": "eq", "from": ["RNCP40000BC01"], "to": ["RNCP37674BC02"], "mutual": False}
    ]


def validation_never_met(data: Data) -> None:
    """The certification's validation rule asks a German level nothing teaches."""
    data["certifications"][0]["validation"] = "lang.de>=C2"


def replaces_one_sided(data: Data) -> None:
    """The certification replaces an older one that does not name it back."""
    data["certifications"][0]["replaces"] = ["RNCP30000"]
    data["certifications"].append(
        {
            "code": "RNCP30000",
            "registry": "rncp",
            "title": "Old",
            "level": 5,
            "access_routes": ["vae"],
            "blocks": [{"code": "RNCP30000BC01", "title": "Only block"}],
        }
    )


def replaced_by_one_sided(data: Data) -> None:
    """The certification is replaced by a newer one that does not name it back."""
    data["certifications"][0]["replaced_by"] = ["RNCP40000"]
    data["certifications"].append(
        {
            "code": "RNCP40000",
            "registry": "rncp",
            "title": "New",
            "level": 5,
            "access_routes": ["vae"],
            "blocks": [{"code": "RNCP40000BC01", "title": "Only block"}],
        }
    )


def idle_module(data: Data) -> None:
    """A transversal module that teaches and validates nothing, and a placement that brings no
    experience."""
    data["modules"].append(_module("idle", []))
    data["modules"].append(
        {
            "kind": "placement",
            "id": "visit",
            "title": "Visit",
            "hours": 7,
            "cost": 0,
            "placement_type": "pmsmp",
            "experience_hours": 0,
        }
    )


REACHABILITY_CASES = [
    pytest.param(
        prerequisite_cycle,
        [
            error(
                "prerequisite-cycle",
                "module cycle-a",
                "cycle-a → cycle-b → cycle-a: each needs what another teaches, so none can start",
            )
        ],
        id="prerequisite-cycle",
    ),
    pytest.param(
        prerequisite_nobody_teaches,
        [
            error(
                "module-never-starts",
                "module front",
                "nothing in the catalogue provides lang.de ≥ C1",
            )
        ],
        id="module-never-starts-nothing-provides",
    ),
    pytest.param(
        prerequisite_behind_a_blocked_module,
        [
            error(
                "module-never-starts",
                "module blocked",
                "nothing in the catalogue provides skill.z",
            ),
            error(
                "module-never-starts",
                "module front",
                "skill.y comes only from modules that cannot start (blocked)",
            ),
        ],
        id="module-never-starts-behind-blocked-module",
    ),
    pytest.param(
        no_vae_and_no_module,
        [
            error(
                "block-not-validatable",
                "block RNCP37674BC02",
                "no module or placement validates it, no equivalence grants it"
                " and its certification is not open to VAE",
            ),
            error(
                "certification-unreachable",
                "certification RNCP37674",
                "its validation rule can never be met:"
                " all of (block RNCP37674BC01; block RNCP37674BC02)",
            ),
        ],
        id="block-not-validatable-no-vae",
    ),
    pytest.param(
        vae_rule_never_met,
        [
            error(
                "block-not-validatable",
                "block RNCP37674BC02",
                "no module validates it and its certification's VAE rule can never be met",
            ),
            error(
                "certification-unreachable",
                "certification RNCP37674",
                "its validation rule can never be met:"
                " all of (block RNCP37674BC01; block RNCP37674BC02)",
            ),
        ],
        id="block-not-validatable-vae-never-met",
    ),
    pytest.param(
        validators_never_start,
        [
            error(
                "block-not-validatable",
                "block RNCP37674BC01",
                "the modules that validate it can never start (front)",
            ),
            error(
                "block-not-validatable",
                "block RNCP37674BC02",
                "no module or placement validates it, no equivalence grants it"
                " and its certification is not open to VAE",
            ),
            error(
                "certification-unreachable",
                "certification RNCP37674",
                "its validation rule can never be met:"
                " all of (block RNCP37674BC01; block RNCP37674BC02)",
            ),
            error(
                "module-never-starts",
                "module front",
                "nothing in the catalogue provides lang.de ≥ C1",
            ),
        ],
        id="block-not-validatable-validators-never-start",
    ),
    pytest.param(
        equivalence_from_unattainable_block,
        [
            error(
                "block-not-validatable",
                "block RNCP37674BC02",
                "no module validates it and its equivalences need blocks that cannot be had",
            ),
            error(
                "block-not-validatable",
                "block RNCP40000BC01",
                "no module or placement validates it, no equivalence grants it"
                " and its certification is not open to VAE",
            ),
            error(
                "certification-unreachable",
                "certification RNCP37674",
                "its validation rule can never be met:"
                " all of (block RNCP37674BC01; block RNCP37674BC02)",
            ),
            error(
                "certification-unreachable",
                "certification RNCP40000",
                "its validation rule can never be met: block RNCP40000BC01",
            ),
        ],
        id="block-not-validatable-equivalence",
    ),
    pytest.param(
        validation_never_met,
        [
            error(
                "certification-unreachable",
                "certification RNCP37674",
                "its validation rule can never be met: lang.de ≥ C2",
            )
        ],
        id="certification-unreachable",
    ),
    pytest.param(
        replaces_one_sided,
        [
            warning(
                "replacement-mismatch",
                "certification RNCP37674",
                "replaces 'RNCP30000', which does not name it in replaced_by",
            )
        ],
        id="replacement-mismatch-replaces",
    ),
    pytest.param(
        replaced_by_one_sided,
        [
            warning(
                "replacement-mismatch",
                "certification RNCP37674",
                "is replaced by 'RNCP40000', which does not name it in replaces",
            )
        ],
        id="replacement-mismatch-replaced-by",
    ),
    pytest.param(
        idle_module,
        [
            warning(
                "module-without-effect",
                "module idle",
                "teaches nothing, validates nothing and brings no experience",
            ),
            warning(
                "module-without-effect",
                "module visit",
                "teaches nothing, validates nothing and brings no experience",
            ),
        ],
        id="module-without-effect",
    ),
]


@pytest.mark.parametrize(("change", "expected"), REACHABILITY_CASES)
def test_reachability_fault_or_warning_gives_its_exact_findings(
    minimal_catalogue_data: Data, change: Change, expected: list[Finding]
) -> None:
    """A catalogue loaded with ``strict=False`` gives exactly the findings of its fault."""
    change(minimal_catalogue_data)
    catalogue = catalogue_from_data(minimal_catalogue_data, strict=False)
    assert list(check_catalogue(catalogue)) == expected


def test_placement_with_experience_has_effect(minimal_catalogue_data: Data) -> None:
    """A placement that teaches and validates nothing but brings work experience is useful."""
    minimal_catalogue_data["modules"].append(
        {
            "kind": "placement",
            "id": "immersion",
            "title": "Immersion",
            "hours": 70,
            "cost": 0,
            "placement_type": "pmsmp",
            "rome": "M1805",
        }
    )
    assert check_catalogue(catalogue_from_data(minimal_catalogue_data)) == ()


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(None, [], id="no-date"),
        pytest.param(dt.date(2024, 12, 31), [], id="last-day"),
        pytest.param(
            dt.date(2025, 1, 1),
            [
                warning(
                    "registration-expired",
                    "certification RNCP37674",
                    "registration ended on 2024-12-31",
                )
            ],
            id="day-after",
        ),
    ],
)
def test_registration_expired_only_after_its_end(
    minimal_catalogue_data: Data, as_of: dt.date | None, expected: list[Finding]
) -> None:
    """The registration check runs only with ``as_of``, and warns from the day after the end."""
    minimal_catalogue_data["certifications"][0]["valid_until"] = "2024-12-31"
    catalogue = catalogue_from_data(minimal_catalogue_data)
    assert list(check_catalogue(catalogue, as_of=as_of)) == expected


# -- properties of the whole check -------------------------------------------------------------


def test_clean_catalogue_has_no_findings(minimal_catalogue: Catalogue) -> None:
    """The minimal catalogue is consistent: no error, no warning, even with a date."""
    assert check_catalogue(minimal_catalogue) == ()
    assert check_catalogue(minimal_catalogue, as_of=dt.date(2030, 1, 1)) == ()


def _many_findings(data: Data) -> None:
    for change in (
        idle_module,
        replaces_one_sided,
        prerequisite_cycle,
        validators_never_start,
    ):
        change(data)


def test_findings_are_sorted_errors_first(minimal_catalogue_data: Data) -> None:
    """Findings come errors first, then warnings; within each, by code and subject."""
    _many_findings(minimal_catalogue_data)
    findings = check_catalogue(catalogue_from_data(minimal_catalogue_data, strict=False))
    assert [(f.severity, f.code, f.subject) for f in findings] == [
        (ERROR, "block-not-validatable", "block RNCP37674BC01"),
        (ERROR, "block-not-validatable", "block RNCP37674BC02"),
        (ERROR, "certification-unreachable", "certification RNCP37674"),
        (ERROR, "module-never-starts", "module front"),
        (ERROR, "prerequisite-cycle", "module cycle-a"),
        (WARNING, "module-without-effect", "module idle"),
        (WARNING, "module-without-effect", "module visit"),
        (WARNING, "replacement-mismatch", "certification RNCP37674"),
    ]


def test_check_catalogue_is_deterministic(minimal_catalogue_data: Data) -> None:
    """The same catalogue always gives the same findings, whatever the order of its items in
    the file."""
    _many_findings(minimal_catalogue_data)
    first = check_catalogue(catalogue_from_data(minimal_catalogue_data, strict=False))
    assert check_catalogue(catalogue_from_data(minimal_catalogue_data, strict=False)) == first
    for key in ("competences", "certifications", "modules"):
        minimal_catalogue_data[key].reverse()
    reordered = catalogue_from_data(minimal_catalogue_data, strict=False)
    assert check_catalogue(reordered) == first


def test_json_and_toml_versions_check_alike(minimal_catalogue_path: Path) -> None:
    """The JSON and TOML versions of the minimal catalogue load to equal, clean catalogues."""
    from_json = load_catalogue(minimal_catalogue_path)
    from_toml = load_catalogue(minimal_catalogue_path.with_suffix(".toml"))
    assert from_json == from_toml
    assert check_catalogue(from_toml) == ()


def test_finding_reads_as_one_line() -> None:
    """A finding prints as severity, code, subject and message."""
    finding = warning("module-without-effect", "module idle", "teaches nothing")
    assert str(finding) == "warning: module-without-effect: module idle: teaches nothing"
