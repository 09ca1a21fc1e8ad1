"""Requirement rules: their meaning, their monotonicity and their readable form."""

from __future__ import annotations

import pytest
from hypothesis import given

from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.testing import HeldItems, holdings, requirements

GERMAN_B1 = HasCompetence("lang.de", "B1", 2)
HOME_HELP_1607 = HasExperience(1607, frozenset({"K1304"}))


@pytest.mark.parametrize(
    ("rule", "held", "expected"),
    [
        (GERMAN_B1, HeldItems(competences={"lang.de": 2}), True),
        (GERMAN_B1, HeldItems(competences={"lang.de": 1}), False),
        (GERMAN_B1, HeldItems(), False),
        (HasBlock("b1"), HeldItems(blocks=frozenset({"b1"})), True),
        (HasExperience(1607, frozenset({"K1304"})), HeldItems(experience={"K1304": 1607}), True),
        (
            HasExperience(1607, frozenset({"K1304"})),
            HeldItems(experience={"M1805": 5000}),
            False,
        ),
        (HasExperience(100), HeldItems(experience={"M1805": 60, "K1304": 40}), True),
        (AllOf(()), HeldItems(), True),
        (AnyOf(()), HeldItems(), False),
        (
            AtLeast(2, (HasBlock("a"), HasBlock("b"), HasBlock("c"))),
            HeldItems(blocks=frozenset({"a", "c"})),
            True,
        ),
        (
            AtLeast(2, (HasBlock("a"), HasBlock("b"), HasBlock("c"))),
            HeldItems(blocks=frozenset({"b"})),
            False,
        ),
    ],
)
def test_rule_meaning(rule: Requirement, held: HeldItems, expected: bool) -> None:
    """Each rule form holds exactly when its definition says (levels compare by rank)."""
    assert rule.is_met(held) is expected


def test_readable_form() -> None:
    """Rules print as a referent would read them."""
    rule = AllOf((GERMAN_B1, AnyOf((HasBlock("RNCP37674BC01"), HasExperience(1607)))))
    assert str(rule) == "all of (lang.de ≥ B1; any of (block RNCP37674BC01; 1607 h of experience))"
    assert str(AtLeast(1, (HasCompetence("clea.1"),))) == "at least 1 of (clea.1)"


def test_at_least_refuses_impossible_count() -> None:
    """An n-of-m rule with n > m is a data error, raised when the rule is built."""
    with pytest.raises(ValueError, match="at least 3 of 2 items cannot be satisfied"):
        AtLeast(3, (HasBlock("a"), HasBlock("b")))


@given(requirements(), holdings(), holdings())
def test_rules_are_monotone(rule: Requirement, before: HeldItems, extra: HeldItems) -> None:
    """Holding more never makes a rule fail: the planner relies on credit never hurting."""
    after = before.plus(extra)
    if rule.is_met(before):
        assert rule.is_met(after)


@given(requirements())
def test_leaves_are_the_atoms(rule: Requirement) -> None:
    """Every leaf of a rule is an atomic condition, and an atom's only leaf is itself."""
    for leaf in rule.leaves():
        assert list(leaf.leaves()) == [leaf]
