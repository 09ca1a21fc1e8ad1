"""The portfolio: what a person holds, when, how it was validated and on what evidence.

It is read off a journey's state, for the person and their referent, and exported as JSON
(``itineraire.portfolio/1``) for other applications (an e-portfolio, a skills passport).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict

from itineraire.journeys.journey import Journey
from itineraire.journeys.state import JourneyState
from itineraire.model.learners import HeldBlock
from itineraire.validation.equivalences import credited_blocks
from itineraire.validation.methods import ValidationMethod

__all__ = [
    "PORTFOLIO_FORMAT",
    "Portfolio",
    "PortfolioBlock",
    "PortfolioCompetence",
    "PortfolioDoc",
    "portfolio",
    "portfolio_document",
]

PORTFOLIO_FORMAT: Final = "itineraire.portfolio/1"


@attrs.frozen
class PortfolioBlock:
    """A block held: ``pending`` while a VAE jury's award waits for confirmation."""

    block: str
    title: str
    certification: str
    date: dt.date
    method: ValidationMethod
    evidence: str
    pending: bool = False


@attrs.frozen
class PortfolioCompetence:
    """A competence at the best level held, and how that level is known."""

    competence: str
    title: str
    level: str | None
    date: dt.date
    method: ValidationMethod
    evidence: str


@attrs.frozen
class Portfolio:
    learner: str
    date: dt.date
    blocks: tuple[PortfolioBlock, ...]
    competences: tuple[PortfolioCompetence, ...]
    certifications: tuple[str, ...]
    """Certifications whose validation rule the validated blocks satisfy."""

    def __rich__(self) -> object:
        from itineraire.display.journey import portfolio_view

        return portfolio_view(self)


def portfolio(journey: Journey) -> Portfolio:
    """The portfolio of a journey as of its last event."""
    catalogue = journey.catalogue
    state = journey.state
    blocks = [
        *(_block(journey, held) for held in state.blocks),
        *(_block(journey, held, pending=True) for held in state.pending),
        *_credited(journey),
    ]
    best: dict[str, PortfolioCompetence] = {}
    ranks: dict[str, int] = {}
    for record in state.competences:
        known = ranks.get(record.competence)
        # The best level; at equal levels, a validation (with its evidence) over a measurement.
        if known is not None and (
            known > record.rank or (known == record.rank and record.measured)
        ):
            continue
        ranks[record.competence] = record.rank
        best[record.competence] = PortfolioCompetence(
            record.competence,
            catalogue.competences[record.competence].title,
            record.level,
            record.date,
            record.method,
            record.evidence,
        )
    confirmed = _Confirmed(state)
    obtained = tuple(
        code
        for code, certification in sorted(catalogue.certifications.items())
        if certification.validation.is_met(confirmed)
    )
    return Portfolio(
        learner=journey.id,
        date=state.date,
        blocks=tuple(sorted(blocks, key=lambda item: (item.certification, item.block))),
        competences=tuple(best[key] for key in sorted(best)),
        certifications=obtained,
    )


def _block(journey: Journey, held: HeldBlock, *, pending: bool = False) -> PortfolioBlock:
    found = journey.catalogue.blocks[held.block]
    return PortfolioBlock(
        held.block,
        found.title,
        found.certification,
        held.date,
        held.method,
        held.evidence,
        pending,
    )


def _credited(journey: Journey) -> list[PortfolioBlock]:
    """Blocks credited by equivalence, dated by the first state in which they were; pending
    when they rest on blocks still pending a jury's confirmation."""
    equivalences = journey.catalogue.equivalences
    first: dict[str, tuple[dt.date, str]] = {}
    for state in journey.states():
        held = [*(h.block for h in state.blocks), *(h.block for h in state.pending)]
        for block, equivalence in credited_blocks(held, equivalences).items():
            if block in state.credited or block in state.credited_pending:
                first.setdefault(block, (state.date, equivalence))
    final = journey.state
    return [
        _block(
            journey,
            HeldBlock(block, day, ValidationMethod.EQUIVALENCE, f"equivalence {equivalence}"),
            pending=block in final.credited_pending,
        )
        for block, (day, equivalence) in first.items()
        if block in final.credited or block in final.credited_pending
    ]


class _Confirmed:
    """The state's holdings without the blocks still pending a jury's confirmation: a
    certification is obtained on confirmed blocks only."""

    def __init__(self, state: JourneyState) -> None:
        self._state = state
        self._blocks = state.validated_blocks()

    def holds_block(self, block: str) -> bool:
        return block in self._blocks

    def competence_rank(self, competence: str) -> int | None:
        return self._state.competence_rank(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        return self._state.experience_hours(rome)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PortfolioBlockDoc(_Part):
    block: str
    title: str
    certification: str
    date: dt.date
    method: ValidationMethod
    evidence: str
    pending: bool = False


class PortfolioCompetenceDoc(_Part):
    competence: str
    title: str
    level: str | None = None
    date: dt.date
    method: ValidationMethod
    evidence: str


class PortfolioDoc(_Part):
    """What a person holds, for an e-portfolio: each block and competence with its evidence."""

    format: Literal["itineraire.portfolio/1"] = PORTFOLIO_FORMAT
    learner: str
    date: dt.date
    certifications: list[str]
    blocks: list[PortfolioBlockDoc]
    competences: list[PortfolioCompetenceDoc]


def portfolio_document(item: Portfolio) -> PortfolioDoc:
    return PortfolioDoc(
        learner=item.learner,
        date=item.date,
        certifications=list(item.certifications),
        blocks=[PortfolioBlockDoc(**attrs.asdict(block)) for block in item.blocks],
        competences=[
            PortfolioCompetenceDoc(**attrs.asdict(competence)) for competence in item.competences
        ],
    )
