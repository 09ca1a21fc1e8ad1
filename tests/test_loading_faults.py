"""Malformed catalogues: every fault is refused with the exact problems a user needs to fix it.

Each case starts from the minimal catalogue (see ``conftest.py``), breaks it in one way and
asserts the whole list of problems: the item (``modules[1] 'front'``), the field and the message.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itineraire.analysis.checks import Severity, check_catalogue
from itineraire.errors import CatalogueError
from itineraire.files.loading import catalogue_from_data, load_catalogue

Data = dict[str, Any]
Change = Callable[[Data], None]


# -- changes to the minimal catalogue ----------------------------------------------------------


def _parent(data: Data, path: str) -> tuple[Any, Any]:
    """The container holding the last key of a dotted path (``modules.1.hours``), and that key."""
    keys: list[Any] = [int(part) if part.isdigit() else part for part in path.split(".")]
    node: Any = data
    for key in keys[:-1]:
        node = node[key]
    return node, keys[-1]


def setting(path: str, value: object) -> Change:
    """A change that sets the value at ``path``."""

    def change(data: Data) -> None:
        node, key = _parent(data, path)
        node[key] = copy.deepcopy(value)

    return change


def deleting(path: str) -> Change:
    """A change that removes the key at ``path``."""

    def change(data: Data) -> None:
        node, key = _parent(data, path)
        del node[key]

    return change


def appending(path: str, value: object) -> Change:
    """A change that appends ``value`` to the list at ``path`` (created when missing)."""

    def change(data: Data) -> None:
        node, key = _parent(data, path)
        node.setdefault(key, []).append(copy.deepcopy(value))

    return change


def copying(source: str, target: str) -> Change:
    """A change that appends a copy of the item at ``source`` to the list at ``target``."""

    def change(data: Data) -> None:
        node, key = _parent(data, source)
        appending(target, node[key])(data)

    return change


def combined(*changes: Change) -> Change:
    """A change made of several, applied in order."""

    def change(data: Data) -> None:
        for one in changes:
            one(data)

    return change


def problems_of(data: Data) -> list[str]:
    """The problems ``catalogue_from_data`` raises for ``data``, as strings."""
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_data(data)
    return [str(problem) for problem in caught.value.problems]


def problems_of_bytes(raw: bytes) -> list[str]:
    """The problems ``load_catalogue`` raises for a document given as bytes."""
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(raw)
    return [str(problem) for problem in caught.value.problems]


RS_CERTIFICATION: Data = {"code": "RS5436", "registry": "rs", "title": "CléA"}
OTHER_RNCP: Data = {"code": "RNCP40000", "registry": "rncp", "title": "Other", "level": 4}


def _module(identifier: str, teaches: str, requires: str) -> Data:
    return {
        "kind": "transversal",
        "id": identifier,
        "title": identifier,
        "hours": 10,
        "cost": 100,
        "domain": "digital",
        "teaches": [teaches],
        "requires": requires,
    }


# -- unreadable input --------------------------------------------------------------------------

UNREADABLE = [
    pytest.param(b"", "file: is empty", id="empty"),
    pytest.param(b"  \n\t\n ", "file: is empty (it holds only whitespace)", id="whitespace-only"),
    pytest.param(
        b'{\n  "name": "Caf\xe9"\n}',
        "file, line 2: is not UTF-8 text (byte 0xe9 at offset 16); save it as UTF-8",
        id="latin-1",
    ),
    pytest.param(
        b'{"name": "x",\n "modules": [}\n',
        "file, line 2, column 14: invalid JSON: Expecting value",
        id="json-syntax",
    ),
    pytest.param(
        b'{"name": "x", "name": "y"}',
        "file: invalid JSON: key 'name' appears twice in the object with name 'x'",
        id="json-duplicate-top-key",
    ),
    pytest.param(
        b'{"name": "x", "modules": [{"id": "front", "hours": 1, "hours": 2}]}',
        "file: invalid JSON: key 'hours' appears twice in the object with id 'front'",
        id="json-duplicate-item-key",
    ),
    pytest.param(
        b'name = "x"\n[[modules]\nid = "front"\n',
        "file, line 2, column 10: invalid TOML: Expected ']]' at the end of an array declaration",
        id="toml-syntax",
    ),
    pytest.param(
        b'name = "x"\nname = "y"\n',
        "file, line 2, column 11: invalid TOML: Cannot overwrite a value (a key is set twice)",
        id="toml-duplicate-key",
    ),
    pytest.param(
        b'[{"name": "x"}]',
        "file: expected an object at the top, found an array",
        id="top-level-list",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), UNREADABLE)
def test_unreadable_bytes_are_refused_with_one_problem(raw: bytes, expected: str) -> None:
    """Bytes that cannot be read into a mapping give exactly one problem saying why (and where
    in the text, when the parser knows)."""
    assert problems_of_bytes(raw) == [expected]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param("list.json", b"[]", "file: expected an object at the top, found an array"),
        pytest.param("text.json", b'"a"', "file: expected an object at the top, found a string"),
        pytest.param("number.json", b"42", "file: expected an object at the top, found a number"),
        pytest.param("null.json", b"null", "file: expected an object at the top, found null"),
        pytest.param(
            "catalogue.toml",
            b'{"name": "x"}',
            "file, line 1, column 1: invalid TOML: Invalid statement",
        ),
    ],
)
def test_file_syntax_follows_its_suffix(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    """A ``.json`` file is read as JSON and a ``.toml`` file as TOML, whatever it starts with;
    the error names the file in its first line."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert str(caught.value) == f"catalogue {path} has 1 problem:\n  - {expected}"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda tmp: tmp / "missing.json", "file: no such file", id="missing"),
        pytest.param(lambda tmp: tmp, "file: is a directory, not a file", id="directory"),
    ],
)
def test_path_that_is_not_a_readable_file(
    tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    """A path to nothing, or to a directory, is one problem naming the path in the header."""
    path = make(tmp_path)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert str(caught.value) == f"catalogue {path} has 1 problem:\n  - {expected}"


def test_byte_order_mark_is_accepted(minimal_catalogue_path: Path) -> None:
    """A UTF-8 byte-order mark (written by some editors) does not stop the load."""
    raw = b"\xef\xbb\xbf" + minimal_catalogue_path.read_bytes()
    assert load_catalogue(raw).name == "minimal"


# -- malformed shape (pydantic) and broken references (building) ------------------------------

SHAPE_FAULTS = [
    pytest.param(deleting("name"), ["top level, name: is required"], id="missing-name"),
    pytest.param(
        deleting("modules.1.hours"), ["modules[1] 'front', hours: is required"], id="missing-hours"
    ),
    pytest.param(
        setting("modules.1.hours", "35"),
        ["modules[1] 'front', hours: input should be a valid integer (got '35')"],
        id="hours-as-string",
    ),
    pytest.param(
        setting("modules.1.cost", 2999.5),
        ["modules[1] 'front', cost: input should be a valid integer (got 2999.5)"],
        id="cost-as-float",
    ),
    pytest.param(
        setting("certifications.0.provenance", {"illustrative": "yes"}),
        [
            "certifications[0] 'RNCP37674', provenance.illustrative:"
            " input should be a valid boolean (got 'yes')"
        ],
        id="illustrative-as-string",
    ),
    pytest.param(
        setting("modules.0.hours", -5),
        ["modules[0] 'clea-fr', hours: input should be greater than or equal to 0 (got -5)"],
        id="negative-hours",
    ),
    pytest.param(
        combined(deleting("modules.0.hours"), setting("modules.0.huors", 70)),
        [
            "modules[0] 'clea-fr', hours: is required",
            "modules[0] 'clea-fr', huors: is not a field of this item",
        ],
        id="misspelt-field",
    ),
    pytest.param(
        setting("modules.2.placement_type", "pmsmp"),
        ["modules[2] 'de-b1', placement_type: is not a field of this item"],
        id="field-of-another-kind",
    ),
    pytest.param(
        setting("modules.0.kind", "lecture"),
        [
            "modules[0] 'clea-fr', kind: unknown value 'lecture'"
            " (expected one of 'professional', 'transversal', 'placement')"
        ],
        id="unknown-module-kind",
    ),
    pytest.param(
        deleting("modules.0.kind"), ["modules[0] 'clea-fr', kind: is required"], id="missing-kind"
    ),
    pytest.param(
        setting("modules.0.id", "clea fr!"),
        [
            "modules[0] 'clea fr!', id: should be an identifier: letters, digits and . _ : + -,"
            " starting with a letter or digit (got 'clea fr!')"
        ],
        id="bad-identifier",
    ),
    pytest.param(
        setting("modules.0.id", 7),
        ["modules[0], id: input should be a valid string (got 7)"],
        id="identifier-as-number",
    ),
    pytest.param(
        setting("certifications.0.rome", ["M1805", "M180"]),
        [
            "certifications[0] 'RNCP37674', rome[1]: should be a ROME code:"
            " a letter from A to N then 4 digits, e.g. M1805 (got 'M180')"
        ],
        id="bad-rome-code",
    ),
    pytest.param(
        setting("rome_parents", {"M18": "M1805"}),
        [
            "top level, rome_parents key 'M18': should be a ROME code:"
            " a letter from A to N then 4 digits, e.g. M1805 (got 'M18')"
        ],
        id="bad-rome-code-as-key",
    ),
    pytest.param(
        setting("certifications.0.level", 9),
        ["certifications[0] 'RNCP37674', level: input should be less than or equal to 8 (got 9)"],
        id="rncp-level-9",
    ),
    pytest.param(
        setting("certifications.0.registry", "rnpc"),
        ["certifications[0] 'RNCP37674', registry: input should be 'rncp' or 'rs' (got 'rnpc')"],
        id="unknown-registry",
    ),
    pytest.param(
        setting("format", "itineraire.catalogue/2"),
        [
            "top level, format: input should be 'itineraire.catalogue/1'"
            " (got 'itineraire.catalogue/2')"
        ],
        id="unknown-format",
    ),
    pytest.param(
        setting("modules", {"front": {}}),
        ["top level, modules: input should be a valid list (got {'front': {}})"],
        id="modules-not-a-list",
    ),
    pytest.param(
        setting("modules.1.requires", {"block": "RNCP37674BC02", "competence": "clea.1"}),
        [
            "modules[1] 'front', requires: a requirement needs exactly one of all, any,"
            " at_least/of, competence, block, experience_hours (found: competence, block)"
        ],
        id="requirement-with-two-forms",
    ),
    pytest.param(
        setting("modules.1.requires", {"all": ["clea.1", {"block": "x", "competence": "y"}]}),
        [
            "modules[1] 'front', requires.all[1]: a requirement needs exactly one of all, any,"
            " at_least/of, competence, block, experience_hours (found: competence, block)"
        ],
        id="nested-requirement-with-two-forms",
    ),
    pytest.param(
        setting("modules.1.requires", ["clea.1", {"comptence": "lang.de"}]),
        ["modules[1] 'front', requires[1].comptence: is not a field of this item"],
        id="misspelt-field-in-requirement-list",
    ),
    pytest.param(
        setting("modules.1.requires", {"at_least": 1}),
        ["modules[1] 'front', requires: at_least and of go together"],
        id="at-least-without-of",
    ),
    pytest.param(
        setting("modules.1.requires", 5),
        ["modules[1] 'front', requires: should be a string, a list or an object (got 5)"],
        id="requirement-of-wrong-type",
    ),
    pytest.param(
        setting("modules.0.teaches", [3]),
        ["modules[0] 'clea-fr', teaches[0]: should be a string or an object (got 3)"],
        id="teaching-of-wrong-type",
    ),
    pytest.param(
        setting("modules.2.teaches", [{"competence": "lang.de", "levle": "B1"}]),
        ["modules[2] 'de-b1' teaches[0] 'lang.de', levle: is not a field of this item"],
        id="misspelt-field-in-teaching",
    ),
    pytest.param(
        appending("equivalences", {"from": [], "to": ["RNCP37674BC02"]}),
        [
            "equivalences[0], from:"
            " list should have at least 1 item after validation, not 0 (got [])"
        ],
        id="equivalence-from-nothing",
    ),
    pytest.param(
        setting("certifications.0.blocks.1.title", "   "),
        [
            "certifications[0] 'RNCP37674' blocks[1] 'RNCP37674BC02', title:"
            " string should have at least 1 character (got '   ')"
        ],
        id="blank-block-title",
    ),
]

REFERENCE_FAULTS = [
    pytest.param(
        deleting("certifications.0.level"),
        ["certifications[0] 'RNCP37674', level: an RNCP certification needs a level from 3 to 8"],
        id="rncp-without-level",
    ),
    pytest.param(
        appending("certifications", {**RS_CERTIFICATION, "level": 3}),
        ["certifications[1] 'RS5436', level: an RS certification has no level"],
        id="rs-with-level",
    ),
    pytest.param(
        appending(
            "certifications",
            {
                **RS_CERTIFICATION,
                "blocks": [
                    {"code": "RS5436BC01", "title": "Socle"},
                    {"code": "RS5436BC02", "title": "Suite"},
                ],
            },
        ),
        [
            "certifications[1] 'RS5436', blocks: an RS certification is awarded as a whole:"
            " one block at most, standing for it"
        ],
        id="rs-with-blocks",
    ),
    pytest.param(
        setting("certifications.0.code", "ABC"),
        [
            "certifications[0] 'ABC', code: 'ABC' is not a real RNCP code (RNCP followed by"
            " digits); mark the entry illustrative if it is not a real fiche"
        ],
        id="code-not-real",
    ),
    pytest.param(
        combined(
            setting("certifications.0.valid_from", "2024-01-01"),
            setting("certifications.0.valid_until", "2023-12-31"),
        ),
        ["certifications[0] 'RNCP37674', valid_until: ends before valid_from"],
        id="valid-until-before-valid-from",
    ),
    pytest.param(
        setting("certifications.0.replaces", ["RNCP30000"]),
        ["certifications[0] 'RNCP37674', replaces[0]: unknown certification 'RNCP30000'"],
        id="replaces-unknown-certification",
    ),
    pytest.param(
        setting("certifications.0.replaced_by", ["RNCP37674"]),
        ["certifications[0] 'RNCP37674', replaced_by[0]: a certification cannot replace itself"],
        id="replaced-by-itself",
    ),
    pytest.param(
        copying("certifications.0", "certifications"),
        [
            "certifications[1] 'RNCP37674', code:"
            " duplicate certification code 'RNCP37674' (also certifications[0])"
        ],
        id="duplicate-certification-code",
    ),
    pytest.param(
        appending(
            "certifications",
            {**OTHER_RNCP, "blocks": [{"code": "RNCP37674BC01", "title": "Front again"}]},
        ),
        [
            "certifications[1] 'RNCP40000' blocks[0] 'RNCP37674BC01', code:"
            " duplicate block code 'RNCP37674BC01' (also in certification 'RNCP37674')"
        ],
        id="duplicate-block-code",
    ),
    pytest.param(
        copying("modules.0", "modules"),
        ["modules[3] 'clea-fr', id: duplicate module id 'clea-fr' (also modules[0])"],
        id="duplicate-module-id",
    ),
    pytest.param(
        appending("competences", {"id": "clea.1", "title": "Français, encore"}),
        ["competences[2] 'clea.1', id: duplicate competence id 'clea.1' (also competences[0])"],
        id="duplicate-competence-id",
    ),
    pytest.param(
        setting("modules.1.validates", ["RNCP37674BC01", "RNCP37674BC09"]),
        ["modules[1] 'front', validates[1]: unknown block 'RNCP37674BC09'"],
        id="validates-unknown-block",
    ),
    pytest.param(
        setting("modules.1.validates", ["RNCP37674BC01", "RNCP37674BC01"]),
        ["modules[1] 'front', validates[1]: block 'RNCP37674BC01' is listed twice"],
        id="validates-block-twice",
    ),
    pytest.param(
        setting("modules.1.block", "RNCP37674BC09"),
        ["modules[1] 'front', block: unknown block 'RNCP37674BC09'"],
        id="professional-module-of-unknown-block",
    ),
    pytest.param(
        setting("modules.1.requires", "block:RNCP37674BC09"),
        ["modules[1] 'front', requires: unknown block 'RNCP37674BC09'"],
        id="requirement-on-unknown-block",
    ),
    pytest.param(
        setting("modules.0.teaches", ["clea.1", "clea.9"]),
        ["modules[0] 'clea-fr', teaches[1]: unknown competence 'clea.9'"],
        id="teaches-unknown-competence",
    ),
    pytest.param(
        setting("modules.0.teaches", ["clea.1", "clea.1"]),
        ["modules[0] 'clea-fr', teaches[1]: competence 'clea.1' is listed twice"],
        id="teaches-competence-twice",
    ),
    pytest.param(
        setting("modules.1.requires", ["lang.de>=B1", "clea.9"]),
        ["modules[1] 'front', requires[1]: unknown competence 'clea.9'"],
        id="requires-unknown-competence",
    ),
    pytest.param(
        setting("certifications.0.entry_requirement", {"competence": "clea.9"}),
        ["certifications[0] 'RNCP37674', entry_requirement: unknown competence 'clea.9'"],
        id="entry-requirement-unknown-competence",
    ),
    pytest.param(
        setting("modules.1.requires", "lang.de>=B7"),
        [
            "modules[1] 'front', requires:"
            " level 'B7' is not on scale 'cefr' (A1, A2, B1, B2, C1, C2)"
        ],
        id="level-not-on-scale",
    ),
    pytest.param(
        setting("modules.0.teaches", [{"competence": "clea.1", "level": "B1"}]),
        ["modules[0] 'clea-fr', teaches[0]: competence 'clea.1' has no levels (got 'B1')"],
        id="level-for-unlevelled-competence",
    ),
    pytest.param(
        setting("modules.2.teaches", ["lang.de"]),
        [
            "modules[2] 'de-b1', teaches[0]:"
            " competence 'lang.de' is levelled on 'cefr': give a level"
        ],
        id="levelled-competence-taught-without-level",
    ),
    pytest.param(
        setting("competences.1.scale", "ilr"),
        ["competences[1] 'lang.de', scale: unknown scale 'ilr'"],
        id="unknown-scale",
    ),
    pytest.param(
        appending("scales", {"name": "cefr", "levels": ["A", "B"]}),
        ["scales[0] 'cefr', name: scale 'cefr' is already defined (built in)"],
        id="scale-redefined",
    ),
    pytest.param(
        appending("scales", {"name": "stars", "levels": ["*", "**", "*"]}),
        ["scales[0] 'stars', levels: level '*' appears 2 times"],
        id="scale-level-twice",
    ),
    pytest.param(
        setting("modules.1.requires", "lang.de >= B1"),
        [
            "modules[1] 'front', requires: cannot read requirement 'lang.de >= B1':"
            " write 'competence', 'competence>=LEVEL' or 'block:CODE'"
        ],
        id="unreadable-shorthand",
    ),
    pytest.param(
        setting("modules.1.requires", {"at_least": 3, "of": ["clea.1", "lang.de>=B1"]}),
        ["modules[1] 'front', requires: at_least 3 is more than the 2 items"],
        id="at-least-more-than-items",
    ),
    pytest.param(
        appending("equivalences", {"from": ["RNCP37674BC01"], "to": ["RNCP99999BC01"]}),
        ["equivalences[0], to[0]: unknown block 'RNCP99999BC01'"],
        id="equivalence-with-unknown-block",
    ),
    pytest.param(
        appending(
            "equivalences",
            {"id": "eq-self", "from": ["RNCP37674BC01"], "to": ["RNCP37674BC01"]},
        ),
        [
            "equivalences[0] 'eq-self', to:"
            " block 'RNCP37674BC01' is also in from: it cannot grant itself"
        ],
        id="block-equivalent-to-itself",
    ),
    pytest.param(
        combined(
            appending("equivalences", {"id": "eq", "from": ["RNCP37674BC01"], "to": ["X"]}),
            appending("equivalences", {"id": "eq", "from": ["RNCP37674BC02"], "to": ["Y"]}),
        ),
        [
            "equivalences[0] 'eq', to[0]: unknown block 'X'",
            "equivalences[1] 'eq', id: duplicate equivalence id 'eq' (also equivalences[0])",
        ],
        id="duplicate-equivalence-id",
    ),
]

CONSISTENCY_FAULTS = [
    pytest.param(
        combined(
            appending("competences", {"id": "skill.a", "title": "A"}),
            appending("competences", {"id": "skill.b", "title": "B"}),
            appending("modules", _module("cycle-a", teaches="skill.a", requires="skill.b")),
            appending("modules", _module("cycle-b", teaches="skill.b", requires="skill.a")),
        ),
        [
            "module cycle-a: prerequisite-cycle: cycle-a → cycle-b → cycle-a:"
            " each needs what another teaches, so none can start"
        ],
        id="prerequisite-cycle",
    ),
    pytest.param(
        setting("certifications.0.access_routes", []),
        [
            "block RNCP37674BC02: block-not-validatable: no module or placement validates it,"
            " no equivalence grants it and its certification is not open to VAE",
            "certification RNCP37674: certification-unreachable: its validation rule can never"
            " be met: all of (block RNCP37674BC01; block RNCP37674BC02)",
        ],
        id="block-nothing-can-validate",
    ),
    pytest.param(
        setting("modules.1.requires", "lang.de>=C1"),
        ["module front: module-never-starts: nothing in the catalogue provides lang.de ≥ C1"],
        id="module-never-starts",
    ),
]


@pytest.mark.parametrize(("change", "expected"), SHAPE_FAULTS)
def test_malformed_shape_is_refused_with_exact_problems(
    minimal_catalogue_data: Data, change: Change, expected: list[str]
) -> None:
    """A value of the wrong type, shape or form is reported on its item and field, once."""
    change(minimal_catalogue_data)
    assert problems_of(minimal_catalogue_data) == expected


@pytest.mark.parametrize(("change", "expected"), REFERENCE_FAULTS)
def test_broken_reference_is_refused_with_exact_problems(
    minimal_catalogue_data: Data, change: Change, expected: list[str]
) -> None:
    """A duplicate, an unknown reference or an impossible rule is reported on its item and
    field, with the identifier at fault."""
    change(minimal_catalogue_data)
    assert problems_of(minimal_catalogue_data) == expected


@pytest.mark.parametrize(("change", "expected"), CONSISTENCY_FAULTS)
def test_inconsistent_catalogue_is_refused_when_strict(
    minimal_catalogue_data: Data, change: Change, expected: list[str]
) -> None:
    """A catalogue whose checks find errors is refused by a strict load, one problem per
    error finding (subject, code and explanation)."""
    change(minimal_catalogue_data)
    assert problems_of(minimal_catalogue_data) == expected


@pytest.mark.parametrize(("change", "expected"), CONSISTENCY_FAULTS)
def test_inconsistent_catalogue_loads_when_not_strict(
    minimal_catalogue_data: Data, change: Change, expected: list[str]
) -> None:
    """``strict=False`` returns the catalogue that a strict load refuses, and its error findings
    are the problems the strict load reported."""
    change(minimal_catalogue_data)
    catalogue = catalogue_from_data(minimal_catalogue_data, strict=False)
    findings = check_catalogue(catalogue)
    assert [f"{f.subject}: {f.code}: {f.message}" for f in findings] == expected
    assert {finding.severity for finding in findings} == {Severity.ERROR}


def test_faults_in_toml_are_reported_like_in_json(
    tmp_path: Path, minimal_catalogue_path: Path
) -> None:
    """The same fault in the TOML version of a catalogue gives the same problems, and the
    error's first line names the file."""
    toml = minimal_catalogue_path.with_suffix(".toml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(toml.replace("hours = 300", 'hours = "300"'), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(broken)
    assert str(caught.value) == (
        f"catalogue {broken} has 1 problem:\n"
        "  - modules[1] 'front', hours: input should be a valid integer (got '300')"
    )


# -- many faults at once, in a stable order ----------------------------------------------------

MANY_SHAPE_FAULTS = combined(
    deleting("name"),
    setting("format", "itineraire.catalogue/0"),
    setting("competences.1.id", "lang de"),
    setting("certifications.0.level", 9),
    setting("certifications.0.rome", ["m1805"]),
    setting("modules.0.kind", "lecture"),
    setting("modules.1.hours", "300"),
    setting("modules.1.cost", -1),
    setting("modules.1.requires", {"block": "RNCP37674BC02", "competence": "clea.1"}),
    setting("modules.2.huors", 100),
)

MANY_SHAPE_PROBLEMS = [
    "top level, format: input should be 'itineraire.catalogue/1' (got 'itineraire.catalogue/0')",
    "top level, name: is required",
    "competences[1] 'lang de', id: should be an identifier: letters, digits and . _ : + -,"
    " starting with a letter or digit (got 'lang de')",
    "certifications[0] 'RNCP37674', level: input should be less than or equal to 8 (got 9)",
    "certifications[0] 'RNCP37674', rome[0]: should be a ROME code: a letter from A to N then"
    " 4 digits, e.g. M1805 (got 'm1805')",
    "modules[0] 'clea-fr', kind: unknown value 'lecture'"
    " (expected one of 'professional', 'transversal', 'placement')",
    "modules[1] 'front', hours: input should be a valid integer (got '300')",
    "modules[1] 'front', cost: input should be greater than or equal to 0 (got -1)",
    "modules[1] 'front', requires: a requirement needs exactly one of all, any, at_least/of,"
    " competence, block, experience_hours (found: competence, block)",
    "modules[2] 'de-b1', huors: is not a field of this item",
]

MANY_REFERENCE_FAULTS = combined(
    appending("competences", {"id": "clea.1", "title": "Français, encore"}),
    setting("competences.1.scale", "ilr"),
    setting("certifications.0.code", "RNCP-37674"),
    setting("certifications.0.replaces", ["RNCP1"]),
    setting("certifications.0.entry_requirement", "block:RNCP37674BC03"),
    setting("modules.0.teaches", ["clea.2"]),
    setting("modules.1.block", "RNCP37674BC09"),
    setting("modules.1.validates", ["RNCP37674BC09"]),
    setting("modules.1.requires", "clea.1>=B1"),
    copying("modules.2", "modules"),
    appending("equivalences", {"from": ["RNCP37674BC01"], "to": ["RNCP37674BC01", "BC9"]}),
)

MANY_REFERENCE_PROBLEMS = [
    "competences[1] 'lang.de', scale: unknown scale 'ilr'",
    "competences[2] 'clea.1', id: duplicate competence id 'clea.1' (also competences[0])",
    "certifications[0] 'RNCP-37674', code: 'RNCP-37674' is not a real RNCP code (RNCP followed"
    " by digits); mark the entry illustrative if it is not a real fiche",
    "certifications[0] 'RNCP-37674', replaces[0]: unknown certification 'RNCP1'",
    "certifications[0] 'RNCP-37674', entry_requirement: unknown block 'RNCP37674BC03'",
    "modules[0] 'clea-fr', teaches[0]: unknown competence 'clea.2'",
    "modules[1] 'front', requires: competence 'clea.1' has no levels (got 'B1')",
    "modules[1] 'front', validates[0]: unknown block 'RNCP37674BC09'",
    "modules[1] 'front', block: unknown block 'RNCP37674BC09'",
    "modules[3] 'de-b1', id: duplicate module id 'de-b1' (also modules[2])",
    "equivalences[0], to[1]: unknown block 'BC9'",
    "equivalences[0], to: block 'RNCP37674BC01' is also in from: it cannot grant itself",
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(MANY_SHAPE_FAULTS, MANY_SHAPE_PROBLEMS, id="shape"),
        pytest.param(MANY_REFERENCE_FAULTS, MANY_REFERENCE_PROBLEMS, id="references"),
    ],
)
def test_every_fault_is_reported_at_once(
    minimal_catalogue_data: Data, change: Change, expected: list[str]
) -> None:
    """A file with many faults of one stage lists them all in one error, in file order, so a
    user fixes them in one pass."""
    change(minimal_catalogue_data)
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_data(minimal_catalogue_data, source="many.json")
    error = caught.value
    assert len(error.problems) == len(expected) >= 10
    assert [str(problem) for problem in error.problems] == expected
    header = f"catalogue many.json has {len(expected)} problems:"
    assert str(error) == "\n".join([header, *(f"  - {problem}" for problem in expected)])


@pytest.mark.parametrize("change", [MANY_SHAPE_FAULTS, MANY_REFERENCE_FAULTS])
def test_problems_come_in_a_stable_order(minimal_catalogue_data: Data, change: Change) -> None:
    """Loading the same faulty input twice gives the identical message, problem for problem."""
    change(minimal_catalogue_data)
    messages = []
    for _ in range(2):
        with pytest.raises(CatalogueError) as caught:
            catalogue_from_data(copy.deepcopy(minimal_catalogue_data))
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_one_problem_message_is_singular(minimal_catalogue_data: Data) -> None:
    """The error's message counts its problems in words a person reads ("1 problem")."""
    del minimal_catalogue_data["name"]
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_data(minimal_catalogue_data)
    assert str(caught.value) == "catalogue <data> has 1 problem:\n  - top level, name: is required"
