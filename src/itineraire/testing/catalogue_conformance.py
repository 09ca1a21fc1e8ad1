"""A conformance check for catalogue providers: code that hands the library its catalogues.

Another application may build catalogues from its own database, an import, a form… A
*catalogue provider* is a zero-argument callable returning catalogue data (a JSON-like mapping,
what a catalogue file holds) or a loaded :class:`~itineraire.model.catalogue.Catalogue`; an object
that provides catalogues through a method is passed as that bound method (``store.catalogue``).

:func:`check_catalogue_provider` calls it and checks that what it gives is usable: it loads
strictly, has no error finding, is the same on every call, survives export and loading, and
every certification in it can be planned for a person holding nothing (or the planner says why
not). :class:`CatalogueProviderConformance` gives the same checks as one pytest test each.

>>> from itineraire.files.loading import builtin_catalogue
>>> check_catalogue_provider(builtin_catalogue)                     # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any, ClassVar

import attrs

from itineraire.analysis.checks import Severity, check_catalogue
from itineraire.errors import CatalogueError, LearnerError
from itineraire.files.export import catalogue_document, to_json
from itineraire.files.loading import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective
from itineraire.testing.invariants import assert_route_sound
from itineraire.testing.planners import LibraryPlanner, PlannerUnderTest
from itineraire.testing.strategies import PLANNING_DAY

__all__ = [
    "PROVIDER_CHECKS",
    "CatalogueProvider",
    "CatalogueProviderConformance",
    "check_catalogue_provider",
]

CatalogueProvider = Callable[[], Mapping[str, Any] | Catalogue]
"""What is tested: a zero-argument callable giving catalogue data or a loaded catalogue."""

PROVIDER_CHECKS = ("consistent", "deterministic", "round_trip", "plannable")
"""The checks :func:`check_catalogue_provider` runs, by name (loading always comes first)."""

_MAX_DIFFERENCES = 10
"""How many differences between two catalogues a report lists: the first few say enough."""


def check_catalogue_provider(
    provider: CatalogueProvider,
    *,
    checks: Collection[str] = PROVIDER_CHECKS,
    planner: PlannerUnderTest | None = None,
    objectives: Collection[Objective] = tuple(Objective),
    day: dt.date = PLANNING_DAY,
) -> Catalogue:
    """Check ``provider``; raise an ``AssertionError`` saying what is wrong, or return the
    catalogue it gives.

    It always calls the provider and loads what it returns (data strictly, with
    :func:`~itineraire.files.loading.catalogue_from_data`), then runs the ``checks`` chosen among:

    - ``consistent``: :func:`~itineraire.analysis.checks.check_catalogue` finds no error (no
      prerequisite cycle, no block nothing validates, no identifier used twice…), which a
      catalogue built in code did not go through when loaded;
    - ``deterministic``: a second call gives an equal catalogue;
    - ``round_trip``: exported (:func:`~itineraire.files.export.catalogue_document`,
      :func:`~itineraire.files.export.to_json`) then loaded, the catalogue is equal, and exported
      again it gives the same JSON;
    - ``plannable``: for each certification and each of ``objectives``, ``planner`` (the
      library's by default) plans a sound route for a person positioned on ``day`` holding
      nothing, or raises :class:`~itineraire.planning.NoRouteError` with its reasons; anything
      else it raises is reported.
    """
    chosen = _chosen_checks(checks)
    if not callable(provider):
        raise ValueError(
            f"provider must be a callable taking no argument (got {type(provider).__name__})"
        )
    if planner is not None and not isinstance(planner, PlannerUnderTest):
        raise ValueError(
            "planner must have a plan(catalogue, learner, objective) method "
            f"(got {type(planner).__name__})"
        )
    picked = [Objective(objective) for objective in objectives]
    if not picked:
        raise ValueError("objectives must name at least one objective")
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValueError(f"day must be a datetime.date (got {day!r})")
    name = _name(provider)
    catalogue = _provided(provider, name)
    if "consistent" in chosen:
        _assert_consistent(catalogue, name)
    if "deterministic" in chosen:
        _assert_same_again(catalogue, _provided(provider, name), name)
    if "round_trip" in chosen:
        _assert_round_trip(catalogue, name)
    if "plannable" in chosen:
        for objective in picked:
            _assert_plannable(catalogue, planner or LibraryPlanner(), objective, day)
    return catalogue


def _chosen_checks(checks: Collection[str]) -> set[str]:
    chosen = set(checks)
    if not chosen or chosen - set(PROVIDER_CHECKS):
        raise ValueError(
            f"checks must be some of {', '.join(PROVIDER_CHECKS)} (got {sorted(checks)!r})"
        )
    return chosen


def _name(provider: object) -> str:
    # An instance is named by its class, not its repr: a repr with an address would make the
    # report differ from one run to the next.
    return str(getattr(provider, "__qualname__", None) or f"{type(provider).__qualname__}()")


def _provided(provider: CatalogueProvider, name: str) -> Catalogue:
    """Call the provider and load what it gives, turning every failure into a report."""
    try:
        given = provider()
    except Exception as error:
        raise AssertionError(
            f"the catalogue provider {name} raised {type(error).__name__}: {error}"
        ) from error
    if isinstance(given, Catalogue):
        return given
    if not isinstance(given, Mapping):
        raise AssertionError(
            f"the catalogue provider {name} returned {type(given).__name__},"
            " not catalogue data (a mapping) nor a Catalogue"
        )
    try:
        return catalogue_from_data(given, source=f"from provider {name}")
    except CatalogueError as error:
        raise AssertionError(
            f"the catalogue provider {name} gives data that does not load strictly:\n{error}"
        ) from None


def _assert_consistent(catalogue: Catalogue, name: str) -> None:
    errors = [f for f in check_catalogue(catalogue) if f.severity is Severity.ERROR]
    if errors:
        listed = "\n".join(f"  - {finding}" for finding in errors)
        count = "1 error finding" if len(errors) == 1 else f"{len(errors)} error findings"
        raise AssertionError(f"the catalogue of provider {name} has {count}:\n{listed}")


def _assert_same_again(first: Catalogue, second: Catalogue, name: str) -> None:
    if first != second:
        raise AssertionError(
            f"the catalogue provider {name} is not deterministic: a second call gives another"
            f" catalogue (first → second):\n{_listed(_differences(first, second))}"
        )


def _assert_round_trip(catalogue: Catalogue, name: str) -> None:
    text = to_json(catalogue_document(catalogue))
    try:
        loaded = catalogue_from_data(json.loads(text), source="its export", strict=False)
    except CatalogueError as error:
        raise AssertionError(
            f"the catalogue of provider {name} exports to a document that does not load:\n{error}"
        ) from None
    if loaded != catalogue:
        raise AssertionError(
            f"the catalogue of provider {name} changes when exported and loaded again"
            f" (provided → loaded):\n{_listed(_differences(catalogue, loaded))}"
        )
    if to_json(catalogue_document(loaded)) != text:
        raise AssertionError(
            f"the catalogue of provider {name}, exported, loaded and exported again, gives"
            " different JSON"
        )


def _assert_plannable(
    catalogue: Catalogue, planner: PlannerUnderTest, objective: Objective, day: dt.date
) -> None:
    """Each certification is planned for a person holding nothing, or refused with reasons."""
    for code in sorted(catalogue.certifications):
        what = f"certification {code} for a person holding nothing (objective {objective})"
        learner = _holding_nothing(catalogue, code, day, what)
        try:
            route = planner.plan(catalogue, learner, objective)
        except NoRouteError as error:
            if not error.reasons:
                raise AssertionError(f"no route to {what}, and no reason given") from None
            continue
        except Exception as error:
            raise AssertionError(
                f"planning {what} raised {type(error).__name__}: {error}"
            ) from error
        try:
            assert_route_sound(catalogue, learner, route)
        except AssertionError as error:
            raise AssertionError(f"the route to {what} is not sound: {error}") from None


def _holding_nothing(catalogue: Catalogue, code: str, day: dt.date, what: str) -> Learner:
    document = {
        "id": "holds-nothing",
        "positioning": {"date": day.isoformat()},
        "target": {"certification": code},
    }
    try:
        return learner_from_data(document, catalogue, source="a person holding nothing")
    except LearnerError as error:
        raise AssertionError(f"{what} cannot be aimed at:\n{error}") from None


# -- telling two catalogues apart --------------------------------------------------------------

_ITEMS = ("scales", "competences", "certifications", "blocks", "modules")
_VALUES = ("name", "version", "description", "rome_parents", "vae_policy")


def _differences(first: Catalogue, second: Catalogue) -> list[str]:
    """What differs between two catalogues, item by item and field by field, in a stable order
    (empty when they are equal)."""
    found: list[str] = []
    for field in _VALUES:
        found += _changes(field, getattr(first, field), getattr(second, field))
    for field in _ITEMS:
        found += _mapping_changes(field, getattr(first, field), getattr(second, field))
    equivalences = (
        {item.id: item for item in first.equivalences},
        {item.id: item for item in second.equivalences},
    )
    found += _mapping_changes("equivalences", *equivalences)
    if not found and first.equivalences != second.equivalences:
        found.append("equivalences: the same ones in another order")
    return found


def _mapping_changes(
    field: str, first: Mapping[str, object], second: Mapping[str, object]
) -> Iterator[str]:
    for key in sorted(set(first) | set(second)):
        if key not in second:
            yield f"{field} {key!r}: only in the first"
        elif key not in first:
            yield f"{field} {key!r}: only in the second"
        else:
            yield from _changes(f"{field} {key!r}", first[key], second[key])


def _changes(where: str, first: object, second: object) -> Iterator[str]:
    """The fields of an item that differ (the item as a whole when it is not an attrs value)."""
    if first == second:
        return
    kind = type(first)
    if kind is type(second) and attrs.has(kind):
        for field in attrs.fields(kind):
            one, other = getattr(first, field.name), getattr(second, field.name)
            if one != other:
                yield f"{where}: {field.name} {_short(one)} → {_short(other)}"
        return
    yield f"{where}: {_short(first)} → {_short(second)}"


def _short(value: object, width: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _listed(found: list[str]) -> str:
    shown = [f"  - {item}" for item in found[:_MAX_DIFFERENCES]]
    if len(found) > _MAX_DIFFERENCES:
        shown.append(f"  - … and {len(found) - _MAX_DIFFERENCES} more")
    return "\n".join(shown)


class CatalogueProviderConformance:
    """The provider checks as pytest tests: subclass it in a test module, under a name pytest
    collects (``Test…``), and set ``provider``::

        class TestMyCatalogues(CatalogueProviderConformance):
            provider = my_catalogue           # a function, or a bound method: store.catalogue

    Each check is then its own test (``test_consistent``, ``test_deterministic``,
    ``test_round_trip``, ``test_plannable``); ``planner``, ``objectives`` and ``day`` apply to
    ``test_plannable``. The provider is read from the class, so a plain function stays a plain
    function (it is not bound to the test instance).
    """

    provider: ClassVar[CatalogueProvider]
    planner: ClassVar[PlannerUnderTest | None] = None
    objectives: ClassVar[tuple[Objective, ...]] = tuple(Objective)
    day: ClassVar[dt.date] = PLANNING_DAY

    def _check(self, name: str) -> None:
        # Read from the class: a plain function set as a class attribute would otherwise be
        # bound to the test instance and called with it.
        provider = type(self).provider
        check_catalogue_provider(
            provider,
            checks=(name,),
            planner=self.planner,
            objectives=self.objectives,
            day=self.day,
        )

    def test_consistent(self) -> None:
        """The catalogue loads strictly and has no error finding."""
        self._check("consistent")

    def test_deterministic(self) -> None:
        """Two calls give equal catalogues."""
        self._check("deterministic")

    def test_round_trip(self) -> None:
        """Exported then loaded, the catalogue is the same."""
        self._check("round_trip")

    def test_plannable(self) -> None:
        """Every certification is planned for a person holding nothing, or refused with
        reasons."""
        self._check("plannable")
