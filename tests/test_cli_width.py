"""Tables follow the width they are drawn at: the terminal's, ``COLUMNS``, or 120 columns when the
output is not a terminal; at 80 columns the route reads in a compact layout; identifiers are
never cut; money is written one way."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from itineraire.cli import main
from itineraire.display.width import DEFAULT_WIDTH, NARROWEST, output_width
from itineraire.model.money import euros

ROOT = Path(__file__).resolve().parent.parent
INDUSTRY = str(ROOT / "examples/scenarios/sectors/industry.toml")
ROUND_TRIP = str(ROOT / "examples/scenarios/route-types/round-trip.toml")
HYBRID = str(ROOT / "examples/scenarios/route-types/hybrid-vae.toml")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no terminal behind this one")


def _plan(capsys: pytest.CaptureFixture[str], *arguments: str) -> list[str]:
    assert main(["plan", *arguments]) == 0
    return capsys.readouterr().out.splitlines()


def test_output_that_is_not_a_terminal_is_120_columns_wide() -> None:
    """The documented default: the same bytes whatever terminal the command started from."""
    assert output_width(io.StringIO()) == DEFAULT_WIDTH == 120


def test_columns_sets_the_width_on_a_terminal_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert output_width(io.StringIO()) == 80
    assert output_width(_Terminal()) == 80
    monkeypatch.setenv("COLUMNS", "12")
    assert output_width(io.StringIO()) == NARROWEST
    monkeypatch.setenv("COLUMNS", "wide")
    assert output_width(io.StringIO()) == DEFAULT_WIDTH


def test_a_terminal_whose_size_cannot_be_read_gets_the_default() -> None:
    assert output_width(_Terminal()) == DEFAULT_WIDTH


@pytest.mark.parametrize("columns", [80, 120, 160])
def test_no_line_of_the_route_is_wider_than_the_width(
    columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _plan(capsys, "--scenario", INDUSTRY)
    assert max(len(line) for line in lines) <= columns
    # The table is drawn as wide as it needs, up to the width.
    assert max(len(line) for line in lines) > columns - 25


@pytest.mark.parametrize("columns", [80, 120, 160])
def test_identifiers_are_never_cut(
    columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tutorial's next command needs ``habilitation-electrique`` as the table shows it."""
    monkeypatch.setenv("COLUMNS", str(columns))
    text = "\n".join(_plan(capsys, "--scenario", INDUSTRY))
    assert "…" not in text
    for identifier in ("habilitation-electrique", "industrie-premier-niveau", "RNCP38561-B1"):
        assert identifier in text


def test_at_80_columns_the_route_is_compact(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three columns: the number, the step with what it validates and why, dates and cost."""
    monkeypatch.setenv("COLUMNS", "80")
    lines = _plan(capsys, "--scenario", HYBRID)
    header = next(line for line in lines if "step" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == ["#", "step", "dates, cost"]
    text = "\n".join(lines)
    # The training for the third block runs beside the VAE (step 3, between its phases).
    assert "│ 5 │ vae_jury  vae:RNCP37715" in text
    assert "│ 3 │ training  avf-b3" in text
    assert "beside vae:RNCP37715" in text
    assert "why: target: block RNCP37715-B1" in text
    # Credit of another certification (RNCP37231-B1) does not serve the target: not shown.
    assert "validates RNCP37715-B1, RNCP37715-B2 " in text
    assert "RNCP37231" not in text
    totals = lines.index("Totals: 2027-01-04 → 2027-07-18 (196 days), 199 h, 4\u202f200\u00a0€")
    assert lines[totals + 1] == "modalities: training, vae; proven optimal"
    assert all(line.startswith("Caveat: ") for line in lines[totals + 2 :])


def test_wide_enough_each_fact_has_its_column(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    lines = _plan(capsys, "--scenario", HYBRID)
    header = next(line for line in lines if "validates" in line)
    cells = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert cells == ["#", "kind", "step", "dates", "hours", "cost", "validates", "why"]
    assert any("│ 5 │ vae_jury " in line and "│ 300\u00a0€ " in line for line in lines)


@pytest.mark.parametrize("columns", [80, 160])
def test_an_employment_step_shows_its_experience_hours(
    columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    text = "\n".join(_plan(capsys, "--scenario", ROUND_TRIP))
    assert "summer season, kitchen porter" in text
    assert "experience: 600 h in G1602" in text


def test_alternatives_are_labelled_with_their_mix(capsys: pytest.CaptureFixture[str]) -> None:
    labels = [line for line in _plan(capsys, "--alternatives", "3") if "Alternative" in line]
    assert labels == [
        "Alternative 1 of 3: training only",
        # Hybrid VAE (196 days, training beside the VAE) before the contrat de
        # professionnalisation (298 days).
        "Alternative 2 of 3: hybrid VAE",
        "Alternative 3 of 3: training and a block validated in a company",
    ]


def test_two_hybrid_vae_alternatives_read_differently(capsys: pytest.CaptureFixture[str]) -> None:
    """Josiane's alternatives: hybrid VAE with training alone, then with a block validated in
    a company."""
    labels = [
        line
        for line in _plan(capsys, "--scenario", HYBRID, "--alternatives", "3")
        if "Alternative" in line
    ]
    assert labels == [
        "Alternative 1 of 3: hybrid VAE",
        "Alternative 2 of 3: training only",
        "Alternative 3 of 3: hybrid VAE and a block validated in a company",
    ]


def test_a_single_route_has_no_alternative_label(capsys: pytest.CaptureFixture[str]) -> None:
    assert not any("Alternative" in line for line in _plan(capsys))


def test_money_is_written_one_way() -> None:
    """Narrow no-break space between thousands, no-break space before the euro sign."""
    assert euros(0) == "0\u00a0€"
    assert euros(950) == "950\u00a0€"
    assert euros(1000) == "1\u202f000\u00a0€"
    assert euros(1234567) == "1\u202f234\u202f567\u00a0€"


def test_money_in_tables_and_messages_is_written_that_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["catalogue", "show", "avf-b2"]) == 0
    assert "│ cost       │ 3\u202f360\u00a0€" in capsys.readouterr().out
    assert main(["plan", "--budget", "1000"]) == 1
    assert "no route fits the budget of 1\u202f000\u00a0€" in capsys.readouterr().err
    assert main(["compare", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["cost"] == 7560


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize(
    "command",
    [
        ["catalogue", "list", "modules"],
        ["catalogue", "list", "blocks"],
        ["catalogue", "list", "competences"],
        ["catalogue", "show", "RNCP37715-B1"],
        ["catalogue"],
        ["compare"],
        ["check"],
    ],
)
def test_lists_fit_the_width_with_identifiers_whole(
    columns: int,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A list too wide for its columns shows each item as its identifier and its fields."""
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(command) in {0, 1}
    out = capsys.readouterr().out
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= columns
    if command[-1] == "RNCP37715-B1":
        assert "transfert-proprete-aide-domicile" in out
    if command[-1] == "modules":
        assert "poe-restauration-saisonniere" in out
        assert ("│ kind: placement (poe)" in out) == (columns < 200)
