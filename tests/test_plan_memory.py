"""What a planner remembers from one plan to the next stays within its bounds, and keeps what was
used last."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from itineraire.planning.memory import LmCutKey, PlanMemory

_USES = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30)), max_size=40)
"""Plans in turn: the structure each asks for, and how many values it adds."""


@given(uses=_USES, kept=st.integers(1, 4), most=st.integers(0, 60))
def test_the_memory_keeps_its_latest_structures_within_its_bounds(
    uses: list[tuple[int, int]], kept: int, most: int
) -> None:
    """However the plans ask, no more than ``kept`` structures and ``most`` values are kept
    when a plan starts; the structure asked for just before keeps all its values when they
    alone fit."""
    memory = PlanMemory(kept, most)
    last: tuple[int, dict[LmCutKey, tuple[float, int]], int] | None = None
    for signature, added in uses:
        values = memory.lm_cut(signature)
        assert len(memory) <= most
        assert len(memory._lm_cut) <= kept  # what is kept is what is tested
        if last is not None and last[0] == signature and last[2] <= most:
            assert values is last[1]
            assert len(values) == last[2]
        for number in range(len(values), len(values) + added):
            values[(frozenset({number}), False)] = (float(number), 1)
        last = (signature, values, len(values))


def test_a_value_read_back_is_the_one_written() -> None:
    """Two relaxed problems of the same structure share their values; another structure has
    its own."""
    memory = PlanMemory()
    memory.lm_cut("a")[(frozenset({1, 2}), True)] = (3.0, 40)
    assert memory.lm_cut("a") == {(frozenset({1, 2}), True): (3.0, 40)}
    assert memory.lm_cut("b") == {}
    assert len(memory) == 1
