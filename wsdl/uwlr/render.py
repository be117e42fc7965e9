"""Render our UWLR WSDL/XSD files from templates/ (one template per document, versions and profiles as flags).

Run after editing a template: `python wsdl/uwlr/render.py`. A project test fails when the rendered files
and the checked-in files differ.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent
VERSIONS = ("2.2", "2.3")
GETRAPT = (("HaalStructuur", "structuur_verzoek", "structuur_antwoord", "StructuurFault"),
           ("HaalLeerlingen", "leerlingen_verzoek", "leerlingen_antwoord", "LeerlingenFault"),
           ("HaalLeerkrachten", "leerkrachten_verzoek", "leerkrachten_antwoord", "LeerkrachtenFault"))
DOCUMENTS = (
    ("uwlr-leerlinggegevens.xsd", "leerlinggegevens.xsd.jinja2", {"profiel": None}),
    ("uwlr-leerlinggegevens-smalle-set.xsd", "leerlinggegevens.xsd.jinja2", {"profiel": "smalle-set"}),
    ("uwlr-leerlinggegevens-lvs-set.xsd", "leerlinggegevens.xsd.jinja2", {"profiel": "lvs-set"}),
    ("uwlr-leerresultaten.xsd", "leerresultaten.xsd.jinja2", {}),
    ("uwlr-oso-dossier.xsd", "oso-dossier.xsd.jinja2", {}),
    ("uwlr-soap-fault.xsd", "soap-fault.xsd.jinja2", {}),
    ("uwlr-autorisatie.xsd", "autorisatie.xsd.jinja2", {}),
    ("uwlr-leerlinggegevens.wsdl", "leerlinggegevens.wsdl.jinja2", {"getrapt": GETRAPT}),
    ("uwlr-leerresultaten.wsdl", "leerresultaten.wsdl.jinja2", {}),
)


def render() -> dict[Path, str]:
    """Every file's path and content, as the templates say it should be."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    files = {}
    for versie in VERSIONS:
        for name, template, context in DOCUMENTS:
            files[HERE / versie / name] = env.get_template(template).render(versie=versie, **context)
    return files


def main() -> None:
    for path, text in render().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE)}")


if __name__ == "__main__":
    main()
