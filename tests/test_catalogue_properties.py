"""Rules that hold for every consistent catalogue, and robustness of loading to any input."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from itineraire import (
    CatalogueError,
    catalogue_from_data,
    check_catalogue,
    load_catalogue,
)
from itineraire.analysis.graph import catalogue_graph
from itineraire.analysis.reachability import relaxed_reach
from itineraire.files.export import catalogue_document, to_json
from itineraire.testing import catalogue_documents
from itineraire.validation import credited_blocks

# Consistent catalogues of every shape the kit draws, sessions included.
catalogue_data = catalogue_documents(sessions=True)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


def _loads_or_reports(load: Callable[[], object]) -> None:
    """Run ``load``: it must succeed, or raise a CatalogueError that lists problems.

    Any other exception escapes and fails the test.
    """
    try:
        load()
    except CatalogueError as error:
        problems = error.problems
    else:
        return
    assert problems, "a CatalogueError must list its problems"


@given(catalogue_data)
def test_generated_catalogues_are_consistent(data: dict[str, Any]) -> None:
    """A catalogue consistent by construction loads strictly and has no error finding."""
    catalogue = catalogue_from_data(data)
    assert not [f for f in check_catalogue(catalogue) if f.severity == "error"]


@given(catalogue_data)
def test_export_then_load_gives_the_same_catalogue(data: dict[str, Any]) -> None:
    """Exporting a catalogue to JSON and loading it back gives an equal catalogue."""
    catalogue = catalogue_from_data(data)
    text = to_json(catalogue_document(catalogue))
    assert catalogue_from_data(json.loads(text)) == catalogue
    assert to_json(catalogue_document(catalogue_from_data(json.loads(text)))) == text


@given(catalogue_data)
def test_everything_is_reachable_from_scratch(data: dict[str, Any]) -> None:
    """In a consistent catalogue every module can start and every block can be validated."""
    catalogue = catalogue_from_data(data)
    reach = relaxed_reach(catalogue)
    assert reach.modules == set(catalogue.modules)
    assert reach.blocks >= set(catalogue.blocks)


@given(catalogue_data)
def test_graph_has_a_node_per_item(data: dict[str, Any]) -> None:
    """The graph holds one node per competence, block, certification and module."""
    catalogue = catalogue_from_data(data)
    graph = catalogue_graph(catalogue)
    expected = (
        len(catalogue.competences)
        + len(catalogue.blocks)
        + len(catalogue.certifications)
        + len(catalogue.modules)
    )
    assert graph.number_of_nodes() == expected
    for block in catalogue.blocks.values():
        assert graph.has_edge(f"block:{block.code}", f"certification:{block.certification}")


@given(catalogue_data, st.data())
def test_equivalence_credit_is_a_closure(data: dict[str, Any], draw: st.DataObject) -> None:
    """Credit by equivalence is closed: crediting again the credited blocks adds nothing."""
    catalogue = catalogue_from_data(data)
    held = draw.draw(st.frozensets(st.sampled_from(sorted(catalogue.blocks))))
    granted = credited_blocks(held, catalogue.equivalences)
    assert not set(granted) & held
    assert not credited_blocks(held | set(granted), catalogue.equivalences)


@given(catalogue_data)
def test_checks_are_deterministic(data: dict[str, Any]) -> None:
    """Loading twice and checking twice gives identical findings."""
    first = check_catalogue(catalogue_from_data(data))
    assert check_catalogue(catalogue_from_data(data)) == first


@given(json_values)
def test_any_json_value_loads_or_raises_catalogue_error(value: Any) -> None:
    """Whatever JSON a file holds, loading either succeeds or raises CatalogueError."""
    _loads_or_reports(lambda: load_catalogue(json.dumps(value).encode()))


@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_catalogue_error(raw: bytes) -> None:
    """Whatever bytes a file holds, loading either succeeds or raises CatalogueError."""
    _loads_or_reports(lambda: load_catalogue(raw))


@given(catalogue_data, st.data())
def test_corrupted_catalogues_raise_catalogue_error(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    """Replacing any field of a valid catalogue by junk never escapes as another exception."""
    section = draw.draw(st.sampled_from(["certifications", "modules", "competences"]))
    items = data[section]
    item = items[draw.draw(st.integers(0, len(items) - 1))]
    key = draw.draw(st.sampled_from(sorted(item)))
    item[key] = draw.draw(json_values)
    _loads_or_reports(lambda: catalogue_from_data(data))
