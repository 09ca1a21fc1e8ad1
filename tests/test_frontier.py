"""The routes the search keeps per set of actions (:class:`Frontier`): which are dropped, which
stay side by side, and what is remembered of a route once the search lets it go."""

from __future__ import annotations

import weakref

import attrs

from itineraire.planning.pending import Frontier, Pending, Running

_TAKEN = frozenset({"M1", "vae:C1"})


@attrs.define(eq=False)
class _Route:
    """What the frontier reads of a route so far."""

    day: int
    pending: tuple[Pending, ...] = ()
    running: tuple[Running, ...] = ()
    taken: frozenset[str] = _TAKEN
    variant: frozenset[str] = frozenset()
    planned: tuple[tuple[int, str, int], ...] = ()


def _jury(end: int) -> tuple[Pending, ...]:
    return (Pending("vae:C1", 10, end, frozenset({"B1"})),)


def test_a_route_free_later_with_the_same_actions_is_dominated() -> None:
    frontier = Frontier()
    frontier.add(_Route(day=20))
    assert frontier.dominated(_Route(day=20))
    assert frontier.dominated(_Route(day=25))
    assert not frontier.dominated(_Route(day=19))
    assert not frontier.dominated(_Route(day=25, taken=frozenset({"M1"})))
    assert not frontier.dominated(_Route(day=25, variant=frozenset({"B1"})))


def test_a_better_route_replaces_the_ones_it_is_as_good_as() -> None:
    frontier = Frontier()
    late, later = _Route(day=30, pending=_jury(50)), _Route(day=40, pending=_jury(60))
    frontier.add(later)
    frontier.add(late)  # free earlier and its jury earlier: as good as ``later``
    early = _Route(day=20, pending=_jury(40))
    frontier.add(early)
    assert frontier.kept(early)
    assert not frontier.kept(late)
    assert not frontier.kept(later)


def test_routes_neither_better_stay_side_by_side_until_one_is_beaten() -> None:
    frontier = Frontier()
    free_early = _Route(day=20, pending=_jury(60))  # free earlier, its jury later
    jury_early = _Route(day=30, pending=_jury(40))
    frontier.add(free_early)
    frontier.add(jury_early)
    assert frontier.kept(free_early)
    assert frontier.kept(jury_early)
    assert frontier.dominated(_Route(day=25, pending=_jury(70)))  # by the first only
    assert frontier.dominated(_Route(day=35, pending=_jury(45)))  # by the second only
    assert not frontier.dominated(_Route(day=25, pending=_jury(45)))
    better = _Route(day=25, pending=_jury(40))  # as good as the second, not the first
    frontier.add(better)
    assert frontier.kept(free_early)
    assert frontier.kept(better)
    assert not frontier.kept(jury_early)


def test_a_route_let_go_by_the_search_still_dominates_by_its_days() -> None:
    frontier = Frontier()
    route = _Route(day=20)
    frontier.add(route)
    held = weakref.ref(route)
    del route
    assert held() is None  # the frontier does not keep the route alive
    assert frontier.dominated(_Route(day=30))
    assert not frontier.dominated(_Route(day=19))
    assert frontier.beaten(_TAKEN, frozenset(), 20)
    assert not frontier.beaten(_TAKEN, frozenset(), 19)


def test_where_work_may_be_offered_a_route_free_before_planned_work_ends_is_no_better() -> None:
    """Periods of employment are offered on a route's free day, for what it lacks then; planned
    employment brings its hours from its end (day 30 here). Where the person allows such
    periods, a route free on day 20 does not cut one free on day 40: the later one, the planned
    hours counted, may be offered a shorter period. Without them, or once the planned work is
    over on both days, the earlier one is as good."""
    planned = ((30, "K1304", 200),)
    for employment, over in ((True, 31), (False, 20)):
        frontier = Frontier(employment)
        frontier.add(_Route(20, planned=planned))
        assert frontier.dominated(_Route(40, planned=planned)) is not employment
        assert frontier.beaten(_TAKEN, frozenset(), 40) is not employment
        frontier = Frontier(employment)
        frontier.add(_Route(over, planned=planned))
        assert frontier.dominated(_Route(40, planned=planned))
