"""Benchmark of catalogue loading, checking and graph building.

Run from the repository root: ``.venv/bin/python benchmarks/bench_catalogue.py``. It prints, for
the built-in catalogue and for generated catalogues of growing size, the median and 99th
percentile time of each stage on one core, and the peak memory of a full load. The numbers are
recorded in ``docs/performance.md``. Timings are never asserted in tests.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from importlib import resources
from typing import Any

from itineraire import catalogue_from_data, catalogue_graph, check_catalogue
from itineraire.files._reading import read_mapping


def generated(certifications: int, blocks: int, modules_per_block: int) -> dict[str, Any]:
    """A consistent catalogue: a CléA gate, a language chain, several modules per block."""
    competences = [{"id": f"clea.{n}", "title": f"CléA {n}"} for n in range(1, 8)]
    competences.append({"id": "lang.de", "title": "Allemand", "scale": "cefr"})
    modules: list[dict[str, Any]] = [
        {
            "kind": "transversal",
            "id": f"clea-{n}",
            "title": f"CléA {n}",
            "hours": 35,
            "cost": 400,
            "domain": "basic_skills",
            "teaches": [f"clea.{n}"],
        }
        for n in range(1, 8)
    ]
    for rank, level in enumerate(["A1", "A2", "B1", "B2"]):
        module: dict[str, Any] = {
            "kind": "transversal",
            "id": f"de-{level}",
            "title": level,
            "hours": 100,
            "cost": 1200,
            "domain": "language",
            "teaches": [{"competence": "lang.de", "level": level}],
        }
        if rank:
            module["requires"] = f"lang.de>={['A1', 'A2', 'B1'][rank - 1]}"
        modules.append(module)
    certs = []
    for c in range(certifications):
        code = f"RNCP{10000 + c}"
        codes = [f"{code}BC{b:02d}" for b in range(1, blocks + 1)]
        certs.append(
            {
                "code": code,
                "registry": "rncp",
                "title": code,
                "level": 3 + c % 6,
                "access_routes": ["continuing_training", "vae"],
                "rome": ["M1805"],
                "entry_requirement": ["clea.1", "clea.2"],
                "blocks": [{"code": b, "title": b} for b in codes],
            }
        )
        for index, block in enumerate(codes):
            for m in range(modules_per_block):
                module = {
                    "kind": "professional",
                    "id": f"{block}-m{m}",
                    "title": block,
                    "hours": 100 + 20 * m,
                    "cost": 1500 + 100 * m,
                    "block": block,
                    "validates": [block],
                }
                if index:
                    module["requires"] = f"block:{codes[index - 1]}"
                modules.append(module)
    return {
        "name": "generated",
        "competences": competences,
        "certifications": certs,
        "modules": modules,
    }


def timed(stage: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 99th percentile wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        stage()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def peak_kib(stage: Callable[[], object]) -> float:
    tracemalloc.start()
    stage()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def report(name: str, data: dict[str, Any], repeat: int) -> None:
    catalogue = catalogue_from_data(data)
    stages: dict[str, Callable[[], object]] = {
        "load (shape + references + checks)": lambda: catalogue_from_data(data),
        "check_catalogue": lambda: check_catalogue(catalogue),
        "catalogue_graph": lambda: catalogue_graph(catalogue),
    }
    counts = catalogue.summary()
    size = (
        f"{counts['certifications']} certifications, {counts['blocks']} blocks, "
        f"{len(catalogue.modules)} modules"
    )
    print(f"\n{name} ({size})")
    for stage_name, stage in stages.items():
        median, p99 = timed(stage, repeat)
        print(f"  {stage_name:<36} median {median:8.2f} ms   p99 {p99:8.2f} ms")
    print(f"  {'peak memory of a load':<36} {peak_kib(lambda: catalogue_from_data(data)):8.0f} KiB")


def main() -> None:
    builtin = resources.files("itineraire.data").joinpath("catalogue.json").read_bytes()
    print(f"Python {sys.version.split()[0]}")
    report("built-in catalogue", dict(read_mapping(builtin, "builtin")), repeat=50)
    for certifications, blocks, per_block in ((5, 4, 2), (20, 5, 3), (40, 10, 4)):
        data = json.loads(json.dumps(generated(certifications, blocks, per_block)))
        report(f"generated {certifications}x{blocks}x{per_block}", data, repeat=20)


if __name__ == "__main__":
    main()
