"""Rich renderings of catalogue items and findings, for the command line.

Rich is used here and in the command line only; the engine never prints.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itineraire.analysis.checks import Finding, Severity
from itineraire.display._fitting import Field, FittedList
from itineraire.display._plain import add_plain_row, plain
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification
from itineraire.model.money import euros
from itineraire.model.provenance import Provenance
from itineraire.modules import Module, Placement, ProfessionalModule, TransversalModule

__all__ = [
    "certification_view",
    "certifications_table",
    "findings_view",
    "module_view",
    "modules_table",
    "summary_view",
]


def _marks(provenance: Provenance) -> Text:
    text = Text()
    if provenance.illustrative:
        text.append("illustrative", style="bold yellow")
    if provenance.estimate:
        text.append(" estimate" if text else "estimate", style="dim")
    return text


def summary_view(catalogue: Catalogue, source: str) -> RenderableType:
    """The catalogue at a glance: counts, then its certifications by sector."""
    counts = Table(title=plain(f"{catalogue.name} {catalogue.version}".strip()), show_header=False)
    counts.add_column("item")
    counts.add_column("count", justify="right")
    add_plain_row(counts, "source", source)
    for item, count in catalogue.summary().items():
        add_plain_row(counts, item, str(count))
    illustrative = sum(1 for c in catalogue.certifications.values() if c.provenance.illustrative)
    add_plain_row(counts, "illustrative certifications", str(illustrative))
    return Group(counts, certifications_table(catalogue.certifications.values()))


def certifications_table(certifications: Iterable[Certification]) -> RenderableType:
    """One row per certification."""
    columns = (
        ("code", Field.IDENTIFIER),
        ("level", Field.NUMBER),
        ("title", Field.TEXT),
        ("sector", Field.TEXT),
        ("blocks", Field.NUMBER),
        ("VAE", Field.TEXT),
        ("status", Field.TEXT),
    )
    ordered = sorted(certifications, key=lambda c: (c.sector or "", c.code))
    rows = [
        (
            certification.code,
            "" if certification.level is None else str(certification.level),
            certification.title,
            certification.sector.label if certification.sector else "",
            str(len(certification.blocks)),
            "yes" if certification.vae_allowed else "no",
            _marks(certification.provenance),
        )
        for certification in ordered
    ]
    return FittedList("Certifications", columns, rows)


def certification_view(catalogue: Catalogue, certification: Certification) -> RenderableType:
    """A certification with its blocks and the modules that validate each."""
    facts = Table(title=plain(f"{certification.code} {certification.title}"), show_header=False)
    facts.add_column("field", style="bold")
    facts.add_column("value")
    rows = [
        ("registry", certification.registry.value.upper()),
        ("level", "" if certification.level is None else str(certification.level)),
        ("certifier", certification.certifier),
        ("sector", certification.sector.label if certification.sector else ""),
        ("access routes", ", ".join(sorted(r.value for r in certification.access_routes))),
        ("registered", _period(certification)),
        ("ROME jobs", ", ".join(certification.rome)),
        ("replaces", ", ".join(certification.replaces)),
        ("replaced by", ", ".join(certification.replaced_by)),
        ("validation", str(certification.validation)),
        ("entry requirement", str(certification.entry_requirement or "")),
        ("source", certification.provenance.source),
    ]
    for field, value in rows:
        if value:
            add_plain_row(facts, field, value)
    if certification.provenance.illustrative or certification.provenance.note:
        add_plain_row(
            facts,
            "provenance",
            Text.assemble(_marks(certification.provenance), " ", certification.provenance.note),
        )
    columns = (("code", Field.IDENTIFIER), ("title", Field.TEXT), ("validated by", Field.TEXT))
    blocks = [
        (code, catalogue.blocks[code].title, "\n".join(catalogue.ways_to_validate(code)))
        for code in certification.blocks
    ]
    return Group(facts, FittedList("Blocks", columns, blocks))


def _period(certification: Certification) -> str:
    start = certification.valid_from.isoformat() if certification.valid_from else "…"
    end = certification.valid_until.isoformat() if certification.valid_until else "…"
    return "" if start == end == "…" else f"{start} → {end}"


def modules_table(modules: Iterable[Module]) -> RenderableType:
    """One row per module."""
    columns = (
        ("id", Field.IDENTIFIER),
        ("kind", Field.TEXT),
        ("title", Field.TEXT),
        ("hours", Field.NUMBER),
        ("cost", Field.NUMBER),
        ("validates", Field.IDENTIFIER),
        ("status", Field.TEXT),
    )
    rows = [
        (
            module.id,
            _kind(module),
            module.title,
            str(module.hours),
            euros(module.cost),
            "\n".join(module.validates),
            _marks(module.provenance),
        )
        for module in modules
    ]
    return FittedList("Modules", columns, rows)


def _kind(module: Module) -> str:
    if isinstance(module, TransversalModule):
        return f"transversal ({module.domain.value})"
    if isinstance(module, Placement):
        return f"placement ({module.placement_type.value})"
    return module.kind.value


def module_view(module: Module) -> RenderableType:
    """One module's facts."""
    facts = Table(title=plain(f"{module.id} {module.title}"), show_header=False)
    facts.add_column("field", style="bold")
    facts.add_column("value")
    rows = [
        ("kind", _kind(module)),
        ("hours", str(module.hours)),
        ("weekly hours", "" if module.weekly_hours is None else f"{module.weekly_hours} h a week"),
        ("cost", euros(module.cost)),
        ("requires", str(module.prerequisites or "")),
        ("teaches", ", ".join(str(taught) for taught in module.teaches)),
        ("validates", ", ".join(module.validates)),
        ("sessions", ", ".join(day.isoformat() for day in module.sessions)),
        ("provider", module.provider),
    ]
    if isinstance(module, ProfessionalModule):
        rows.append(("block", f"{module.block} ({module.certification})"))
    if isinstance(module, Placement):
        rows.append(("experience", f"{module.experience_hours} h in {module.rome or 'any job'}"))
    for field, value in rows:
        if value:
            add_plain_row(facts, field, value)
    if module.provenance.illustrative or module.provenance.estimate or module.provenance.note:
        add_plain_row(
            facts,
            "provenance",
            Text.assemble(_marks(module.provenance), " ", module.provenance.note),
        )
    return facts


def findings_view(findings: Iterable[Finding]) -> RenderableType:
    """The findings of a check, or a one-line all-clear."""
    findings = list(findings)
    if not findings:
        return Text("No findings: the catalogue is consistent.", style="green")
    table = Table(title=plain("Findings"))
    for column in ("severity", "code", "subject", "message"):
        table.add_column(column)
    for finding in findings:
        style = "red" if finding.severity is Severity.ERROR else "yellow"
        add_plain_row(
            table,
            Text(finding.severity.value, style=style),
            finding.code,
            finding.subject,
            finding.message,
        )
    return table
