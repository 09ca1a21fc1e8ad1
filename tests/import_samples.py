"""Small RNCP and LHEO documents for the import tests, built from the shape of the real files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

DATA = Path(__file__).parent / "data"
RNCP_XML = DATA / "rncp" / "export_fiches_RNCP_fixture.xml"
IMPORT = DATA / "import"
RS_XML = IMPORT / "export_fiches_RS_fixture.xml"
CSV_DIR = IMPORT / "rncp_csv_2024-02-22"
CSV_ZIP = CSV_DIR / "export-fiches-csv-2024-02-22.zip"
LHEO_XML = IMPORT / "lheo" / "exemple-bts-onisep.xml"
ROME_DIR = IMPORT / "rome4_v460"
ROME_CODES = ROME_DIR / "unix_referentiel_code_rome_v460_utf8.csv"

BLOCK = """<BLOC_COMPETENCES><CODE>{code}</CODE><LIBELLE>{title}</LIBELLE>
<LISTE_COMPETENCES>* Coder      * Tester</LISTE_COMPETENCES></BLOC_COMPETENCES>"""


def fiche(
    code: str = "RNCP90001",
    *,
    title: str = "Titre d'essai",
    active: str = "Oui",
    level: str = "NIV5",
    vae: str = "Oui",
    start: str = "01/09/2023",
    end: str = "01/09/2028",
    rome: str = "M1805",
    blocks: str | None = None,
    extra: str = "",
) -> str:
    """One ``FICHE`` element; an argument set to "" leaves its element empty."""
    if blocks is None:
        blocks = BLOCK.format(code=f"{code}BC01", title="Développer")
    return f"""<FICHE><NUMERO_FICHE>{code}</NUMERO_FICHE>{extra}
<INTITULE>{title}</INTITULE><ACTIF>{active}</ACTIF>
<NOMENCLATURE_EUROPE><NIVEAU>{level}</NIVEAU></NOMENCLATURE_EUROPE>
<CODES_ROME><ROME><CODE>{rome}</CODE></ROME></CODES_ROME>
<SI_JURY_FC><ACTIF>Oui</ACTIF></SI_JURY_FC><SI_JURY_VAE><ACTIF>{vae}</ACTIF></SI_JURY_VAE>
<DATE_EFFET>{start}</DATE_EFFET><DATE_FIN_ENREGISTREMENT>{end}</DATE_FIN_ENREGISTREMENT>
<BLOCS_COMPETENCES>{blocks}</BLOCS_COMPETENCES></FICHE>"""


def export(*fiches: str, prolog: str = "") -> str:
    """An XML flux holding ``fiches``."""
    body = "".join(fiches)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<FICHES>{body}</FICHES>'


STANDARD = (
    '"Id_Fiche";"Numero_Fiche";"Intitule";"Abrege_Libelle";"Nomenclature_Europe_Niveau";'
    '"Date_Fin_Enregistrement";"Date_Effet";"Actif"\r\n'
)


def csv_zip(members: dict[str, str | bytes]) -> bytes:
    """A zip of CSV members named like the export (``Standard`` → export_fiches_CSV_Standard_…).

    Python writes non-ASCII names with the zip UTF-8 flag; the real export (read in the tests of
    the real zip) does not.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for table, text in members.items():
            data = text.encode("utf-8") if isinstance(text, str) else text
            archive.writestr(f"export_fiches_CSV_{table}_2024_02_22.csv", data)
    return buffer.getvalue()


def lheo(formation: str, version: str = "2.3") -> str:
    """An LHEO document with one ``formation``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="http://lheo.gouv.fr/{version}">'
        f"<offres>{formation}</offres></lheo>"
    )


def formation(
    number: str = "F1",
    *,
    title: str = "Développeur web",
    rncp: str = "90001",
    hours: str = "400",
    price: str = "4800",
    start: str = "20270104",
    blocks: str = "",
    extra: str = "",
) -> str:
    """An LHEO ``formation`` with one action and one session."""
    return f"""<formation numero="{number}"><intitule-formation>{title}</intitule-formation>
<certification><code-RNCP>{rncp}</code-RNCP></certification>
<code-niveau-sortie>15</code-niveau-sortie>
<action numero="{number}-A"><nombre-heures-total>{hours}</nombre-heures-total>
<prix-total-TTC>{price}</prix-total-TTC>
<session numero="{number}-S"><periode><debut>{start}</debut><fin>20271231</fin></periode>
{blocks}</session></action>
<organisme-formation-responsable><nom-organisme>Organisme</nom-organisme>
</organisme-formation-responsable>{extra}</formation>"""
