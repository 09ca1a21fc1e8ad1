"""Bounded inputs (issue #13): files that are not regular files, the limits of every reader,
the paths a scenario may name, the text rule, the problems listed, interrupts and leftovers.

Each fault is refused with an exact message, exit 2 from the command line, no traceback, and
nothing written."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from itineraire.analysis.checks import check_catalogue
from itineraire.cli import main
from itineraire.errors import CatalogueError, InputError, LearnerError, Problem, ScenarioError
from itineraire.files.export import catalogue_document
from itineraire.files.loading import (
    builtin_catalogue,
    catalogue_from_data,
    learner_from_data,
    load_catalogue,
    load_learner,
)
from itineraire.importing.writing import stale_temporaries, write_atomically
from itineraire.scenarios.loading import load_scenario

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "catalogues" / "minimal.json"
ANA = DATA / "learners" / "ana.json"


def _cli(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


# -- files that are not regular files ---------------------------------------------------------


def test_a_device_named_as_a_catalogue_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = _cli(["check", "--catalogue", "/dev/zero"], capsys)
    assert code == 2
    assert err == (
        "error: catalogue /dev/zero has 1 problem:\n"
        "  - file: is not a regular file (a device, a pipe or a socket); give a file\n"
    )


def test_a_device_named_as_a_journey_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli(["journey", "/dev/zero"], capsys)
    assert code == 2
    assert "file: is not a regular file (a device, a pipe or a socket); give a file" in err


def test_a_named_pipe_does_not_hang_the_reader(tmp_path: Path) -> None:
    pipe = tmp_path / "learner.json"
    os.mkfifo(pipe)
    with pytest.raises(LearnerError) as caught:
        load_learner(pipe, load_catalogue(MINIMAL))
    assert caught.value.problems == (
        Problem("file", "", "is not a regular file (a device, a pipe or a socket); give a file"),
    )


# -- what a scenario may name ------------------------------------------------------------------


def _scenario(folder: Path, learner: str, source: str = "builtin") -> Path:
    path = folder / "s.toml"
    path.write_text(
        f'name = "s"\n[catalogue]\nsource = "{source}"\n[[learners]]\nfile = "{learner}"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("learner", "message"),
    [
        (
            "/etc/passwd",
            "learners[0].file (line 5): learner file '/etc/passwd': is an absolute path; a"
            " scenario names files relative to its own folder, in that folder or below it",
        ),
        (
            "../ana.json",
            "learners[0].file (line 5): learner file '../ana.json': climbs out of the"
            " scenario's folder ('..'); a scenario names files relative to its own folder, in"
            " that folder or below it",
        ),
    ],
)
def test_a_scenario_names_files_inside_its_folder_only(
    tmp_path: Path, learner: str, message: str
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_scenario(folder, learner))
    assert [str(problem) for problem in caught.value.problems] == [message]


def test_a_symbolic_link_out_of_the_scenario_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "outside").symlink_to(ANA)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_scenario(tmp_path, "outside"))
    assert [str(problem) for problem in caught.value.problems] == [
        "learners[0].file (line 5): learner file 'outside': leads out of the scenario's folder"
        " through a symbolic link; a scenario names files relative to its own folder, in that"
        " folder or below it"
    ]


def test_a_scenario_naming_a_device_as_its_catalogue_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ana.json").write_bytes(ANA.read_bytes())
    (tmp_path / "catalogue.json").symlink_to("/dev/zero")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_scenario(tmp_path, "ana.json", source="catalogue.json"))
    (problem,) = caught.value.problems
    # /dev/zero lies outside the folder: refused as such, before it is opened.
    assert "leads out of the scenario's folder through a symbolic link" in str(problem)


# -- limits --------------------------------------------------------------------------------------


def test_a_file_above_its_size_limit_is_refused_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITINERAIRE_LIMIT_DOCUMENT_BYTES", "100")
    path = tmp_path / "learner.json"
    path.write_text(json.dumps({"id": "x" * 200}), encoding="utf-8")
    with pytest.raises(LearnerError) as caught:
        load_learner(path, load_catalogue(MINIMAL))
    assert str(caught.value.problems[0]) == (
        "file: is 210 bytes, more than the limit of 100 bytes (raise it with the environment"
        " variable ITINERAIRE_LIMIT_DOCUMENT_BYTES)"
    )


def test_nesting_beyond_the_limit_is_refused() -> None:
    document = b'{"name": "x", "modules": ' + b"[" * 70 + b"]" * 70 + b"}"
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(document)
    (problem,) = caught.value.problems
    assert problem.message == (
        "nests lists or objects 65 levels, more than the limit of 64 levels (raise it with the"
        " environment variable ITINERAIRE_LIMIT_DEPTH)"
    )


def test_a_text_beyond_the_limit_is_refused() -> None:
    document = json.dumps({"name": "x" * 100_001}).encode()
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(document)
    assert [str(problem) for problem in caught.value.problems] == [
        "file, name: holds a text of 100,001 characters, more than the limit of 100,000"
        " characters (raise it with the environment variable ITINERAIRE_LIMIT_TEXT_CHARS)"
    ]


def test_the_problems_listed_are_bounded_and_all_kept() -> None:
    error = InputError("x", [Problem(f"item {n}", "", "bad") for n in range(250)])
    lines = str(error).splitlines()
    assert lines[0] == "input x has 250 problems:"
    assert len(lines) == 102
    assert lines[-1] == (
        "  … and 150 more; the first 100 are listed (raise the number with the environment"
        " variable ITINERAIRE_LIMIT_PROBLEMS_SHOWN)"
    )
    assert len(error.problems) == 250


# -- one text rule ---------------------------------------------------------------------------


def _builtin_data() -> dict[str, object]:
    document = catalogue_document(builtin_catalogue())
    data: dict[str, object] = document.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return data


def test_a_lone_surrogate_is_refused_in_any_text_field_of_a_file() -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('"name": "', '"name": "\\ud800', 1)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(text.encode())
    (problem,) = caught.value.problems
    assert problem.message == (
        "holds a lone surrogate (U+D800) at character 1, which is not text; write the character"
        " itself"
    )


def test_a_lone_surrogate_is_refused_in_a_scale_title_built_in_code() -> None:
    data = _builtin_data()
    data["scales"] = [{"name": "stars", "title": "Niveaux \ud800", "levels": ["*", "**"]}]
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_data(data)
    assert [str(problem) for problem in caught.value.problems] == [
        "scales[0].title: holds a lone surrogate (U+D800) at character 9, which is not text;"
        " write the character itself"
    ]


# -- calendars of unavailable periods ----------------------------------------------------------


def _learner(periods: list[dict[str, str]]) -> dict[str, object]:
    data = json.loads(ANA.read_text(encoding="utf-8"))
    data["constraints"]["unavailable"] = periods
    return dict(data)


def test_adjacent_one_day_unavailable_periods_become_one() -> None:
    first = dt.date(2025, 3, 1)
    days = [(first + dt.timedelta(days=n)).isoformat() for n in range(20_000)]
    periods = [{"start": day, "end": day} for day in days]
    periods.append({"start": "2025-03-05", "end": "2025-03-05", "label": "exam"})
    learner = learner_from_data(_learner(periods), load_catalogue(MINIMAL))
    spans = [(p.start, p.end, p.label) for p in learner.constraints.unavailable]
    assert spans == [
        (first, first + dt.timedelta(days=19_999), ""),
        (dt.date(2025, 3, 5), dt.date(2025, 3, 5), "exam"),
    ]


def test_unavailable_periods_beyond_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITINERAIRE_LIMIT_UNAVAILABLE_PERIODS", "2")
    periods = [{"start": f"2025-03-0{n}", "end": f"2025-03-0{n}"} for n in range(1, 4)]
    with pytest.raises(LearnerError) as caught:
        learner_from_data(_learner(periods), load_catalogue(MINIMAL))
    assert [str(problem) for problem in caught.value.problems] == [
        "constraints, unavailable: has 3 periods, more than the limit of 2 periods (raise it"
        " with the environment variable ITINERAIRE_LIMIT_UNAVAILABLE_PERIODS)"
    ]


# -- version cycles ------------------------------------------------------------------------------


def test_a_version_cycle_is_a_finding() -> None:
    data = _builtin_data()
    certifications = data["certifications"]
    assert isinstance(certifications, list)
    first, second = certifications[0], certifications[1]
    first["replaces"] = first["replaced_by"] = [second["code"]]
    second["replaces"] = second["replaced_by"] = [first["code"]]
    findings = [f for f in check_catalogue(catalogue_from_data(data)) if f.code == "version-cycle"]
    low, high = sorted((first["code"], second["code"]))
    assert [str(finding) for finding in findings] == [
        f"warning: version-cycle: certification {low}: {low} → {high} → {low}: versions that"
        " replace each other in a circle; a version chain runs one way, so one of these links"
        " is wrong"
    ]


# -- interrupts and leftovers ---------------------------------------------------------------


def test_ctrl_c_prints_one_line_and_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_arguments: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("itineraire.cli.checking.run", interrupted)
    code, err = _cli(["check"], capsys)
    assert (code, err) == (130, "itineraire: interrupted\n")


def test_temporary_files_of_dead_writers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    output = tmp_path / "catalogue.json"
    dead = tmp_path / ".catalogue.json.999999999.abcd1234.tmp"  # above any process id
    alive = tmp_path / f".catalogue.json.{os.getpid()}.efgh5678.tmp"
    other = tmp_path / ".other.json.999999999.abcd1234.tmp"
    for path in (dead, alive, other):
        path.write_text("", encoding="utf-8")
    assert stale_temporaries(output) == [dead]
    write_atomically(output, "{}")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["catalogue.json", alive.name, other.name]
    )
    assert output.read_text(encoding="utf-8") == "{}"


def test_a_write_killed_outright_leaves_a_temporary_file_the_next_write_removes(
    tmp_path: Path,
) -> None:
    """``kill -9`` during the write: its temporary file stays, and the next import of the same
    output removes it (the writer no longer runs)."""
    output = tmp_path / "catalogue.json"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from itineraire.importing.writing import write_atomically\n"
        "def pieces():\n"
        "    yield '{'\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "    yield '}'\n"
        "write_atomically(Path(sys.argv[1]), pieces())\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(output)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    child.kill()
    child.wait()
    child.stdout.close()
    (left,) = tmp_path.iterdir()
    assert left.name.startswith(f".catalogue.json.{child.pid}.")
    write_atomically(output, "{}")
    assert [path.name for path in tmp_path.iterdir()] == ["catalogue.json"]


def test_a_toml_catalogue_beyond_a_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITINERAIRE_LIMIT_LIST_ITEMS", "3")
    path = tmp_path / "catalogue.toml"
    path.write_text('name = "x"\nmodules = [1, 2, 3, 4]\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "file, modules: has 4 items, more than the limit of 3 items (raise it with the"
        " environment variable ITINERAIRE_LIMIT_LIST_ITEMS)"
    ]


def test_a_journey_file_beyond_its_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ITINERAIRE_LIMIT_DOCUMENT_BYTES", "10")
    path = tmp_path / "journey.json"
    path.write_text('{"format": "itineraire.journey/1"}', encoding="utf-8")
    code, err = _cli(["journey", str(path)], capsys)
    assert code == 2
    assert err == (
        f"error: journey {path} has 1 problem:\n"
        "  - file: is 34 bytes, more than the limit of 10 bytes (raise it with the environment"
        " variable ITINERAIRE_LIMIT_DOCUMENT_BYTES)\n"
    )
