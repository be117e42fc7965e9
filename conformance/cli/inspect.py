"""`conformance list` and `conformance validate`: what the suite holds, and offline checks of a file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from conformance.cli._console import console
from conformance.findings import Finding, Severity
from conformance.load import LOAD_DEFECTS, LOAD_STANDARD, load_catalogue_of_avail
from conformance.paths import testcases_dir
from conformance.standards import all_standards
from conformance.standards.eckid import DEFAULT_ENVIRONMENT
from conformance.standards.uwlr.settings import ECKID_ENVIRONMENTS

__all__ = ["list_", "validate"]

#: The default bound of `validate --standard uwlr`: a 50,000-pupil LVS-set answer is 29 MB and peaks at 300 MB
#: (bench/uwlr_validation.py), so 100 MB (about 170,000 pupils, far beyond one school) needs about 1 GB.
UWLR_OFFLINE_MAX_MB = 100


def _collect_tests(standard: str) -> list[tuple[str, str, list[str]]]:
    """(test id, title, requirements) of a standard's scenario tests, read without running them."""
    import ast

    found = []
    folder = testcases_dir() / standard
    for path in sorted(folder.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                reqs = [str(arg.value) for dec in node.decorator_list if isinstance(dec, ast.Call)
                        and getattr(dec.func, "id", "") == "requirement"
                        for arg in dec.args if isinstance(arg, ast.Constant)]
                title = (ast.get_docstring(node) or "").splitlines()[0] if ast.get_docstring(node) else ""
                test_id = f"{standard}-{path.stem.removeprefix('test_')}-{node.name.removeprefix('test_')}"
                found.append((test_id, title, reqs))
    return found


def list_(
    defects: bool = typer.Option(False, "--defects", help="List the reference implementations' named defects."),
    requirements: bool = typer.Option(False, "--requirements", help="List the requirement catalogues."),
    standard: list[str] = typer.Option([], "--standard", "-s", help="Only these standards."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Show the scenario tests with their requirements (or the catalogue, or the defects)."""
    known = all_standards()
    with_load = not standard or LOAD_STANDARD in standard  # the AVAIL catalogue of `conformance load`
    names = [n for n in standard if n != LOAD_STANDARD] if standard else list(known)
    for name in names:
        if name not in known:
            console.print(f"[red]unknown standard {name!r}; known: {', '.join(known)}[/red]")
            raise typer.Exit(2)
    if defects:
        rows = [{"standard": n, "name": d.name, "breaks": list(d.breaks), "description": d.description}
                for n in names for d in known[n].defects]
        if with_load:
            rows += [{"standard": LOAD_STANDARD, "name": d.name, "breaks": list(d.breaks),
                      "description": d.description} for d in LOAD_DEFECTS]
        columns: tuple[str, ...] = ("standard", "name", "breaks", "description")
    elif requirements:
        rows = [{"standard": n, "id": r.id, "level": r.level, "text": r.text, "source": r.source}
                for n in names for r in known[n].catalogue]
        if with_load:
            rows += [{"standard": LOAD_STANDARD, "id": r.id, "level": r.level, "text": r.text, "source": r.source}
                     for r in load_catalogue_of_avail()]
        columns = ("standard", "id", "level", "text", "source")
    else:
        rows = [{"standard": n, "id": t, "title": title, "requirements": reqs}
                for n in names for t, title, reqs in _collect_tests(n)]
        columns = ("standard", "id", "title", "requirements")
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(", ".join(v) if isinstance(v, list) else str(v) for v in (row[c] for c in columns)))
    console.print(table)
    console.print(f"{len(rows)} rows")


def _validate_uwlr(path: Path, versie: str, profiel: str | None, eckid_omgeving: str, dual: bool) -> list[Finding]:
    from lxml import etree

    from conformance.standards.uwlr.checks import CheckContext, validate_answer
    from conformance.xml import XmlRejected, parse_bytes
    from conformance.xml.soap import SOAP_ENV

    try:
        root = parse_bytes(path.read_bytes())
    except XmlRejected as exc:
        return [Finding(requirement="UWLR-XSD-01", severity=Severity.ERROR, message=str(exc))]
    if root.tag == f"{{{SOAP_ENV}}}Envelope":
        body = root.find(f"{{{SOAP_ENV}}}Body")
        children = [c for c in body if isinstance(c.tag, str)] if body is not None else []
        if len(children) != 1:
            return [Finding(requirement="UWLR-SOAP-01", severity=Severity.ERROR,
                            message=f"the SOAP Body holds {len(children)} elements, expected one")]
        answer = etree.tostring(children[0])
        del root, body, children  # the envelope's tree goes before the answer is parsed again: one tree at a time
        root = etree.fromstring(answer)
        del answer
    return validate_answer(root, CheckContext(xsdversie=versie, profiel=profiel, eckid_omgeving=eckid_omgeving),
                             dual=dual)


def validate(
    file: Path = typer.Argument(..., help="The document to check offline."),
    standard: str = typer.Option(..., "--standard", "-s", help="uwlr (a leerlinggegevens_antwoord) or catalogus."),
    versie: str = typer.Option("2.2", "--versie", help="uwlr: the xsdversie to judge against."),
    profiel: str = typer.Option(None, "--profiel", help="uwlr: smalle-set or lvs-set."),
    eckid_omgeving: str = typer.Option(DEFAULT_ENVIRONMENT, "--eckid-omgeving",
                                       help="uwlr: the ECK iD environment of the data, productie or pilot "
                                            "(as [uwlr] eckid_omgeving of a run)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable findings."),
    dual_validation: bool = typer.Option(False, "--dual-validation", help="uwlr: the XSD judged by xmlschema beside "
                                         "libxml2; where they disagree, a warning with both messages."),
    max_mb: int = typer.Option(UWLR_OFFLINE_MAX_MB, "--max-mb", min=1,
                               help="uwlr: the largest answer judged, in MB; the whole answer is held in memory "
                                    "(about ten times its size), so a larger one is refused before it is read."),
) -> None:
    """Check a document offline and list each finding with its requirement, severity and place.

    Exit 0 when nothing at error level was found, 1 otherwise, 3 when nothing was but the two schema validators
    disagree (--dual-validation), 2 for a usage error.
    """
    if not file.is_file():
        console.print(f"[red]{file} does not exist[/red]")
        raise typer.Exit(2)
    if standard == "uwlr":
        if profiel not in (None, "smalle-set", "lvs-set") or versie not in ("2.2", "2.3"):
            console.print("[red]--versie is 2.2 or 2.3; --profiel is smalle-set or lvs-set[/red]")
            raise typer.Exit(2)
        if eckid_omgeving not in ECKID_ENVIRONMENTS:
            console.print(f"[red]--eckid-omgeving is {' or '.join(ECKID_ENVIRONMENTS)}, not {eckid_omgeving!r}[/red]",
                          soft_wrap=True)
            raise typer.Exit(2)
        size = file.stat().st_size
        if size > max_mb * 2**20:
            console.print(f"[red]{file} is {size / 2**20:.0f} MB; an answer is judged in memory (about ten times "
                          f"its size), so validate takes at most {max_mb} MB (--max-mb; {UWLR_OFFLINE_MAX_MB} MB "
                          f"is about {UWLR_OFFLINE_MAX_MB * 1700:,} pupils). Nothing was read.[/red]", soft_wrap=True)
            raise typer.Exit(2)
        findings = _validate_uwlr(file, versie, profiel, eckid_omgeving, dual_validation)
    elif standard == "catalogus":
        from conformance.standards.catalogus.validation import validate_path

        if dual_validation:  # the offline catalogue check applies no XSD (CAT-XSD-01 is judged in runs only)
            console.print("[red]--dual-validation applies to uwlr; the offline catalogue check uses no XSD[/red]")
            raise typer.Exit(2)

        findings = list(validate_path(file))
    else:
        console.print(f"[red]offline validation exists for uwlr and catalogus, not {standard!r}[/red]")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        from rich.markup import escape  # messages quote the document ("[facet 'pattern']"), never markup

        for finding in findings:
            where = f"line {finding.line}" if finding.line else ""
            subject = f"[{finding.subject}]" if finding.subject else ""
            console.print(escape(f"{finding.severity.value:7} {finding.requirement:14} {where:>10} {subject} "
                                 f"{finding.message}"))
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        console.print(f"{len(findings)} finding(s), {errors} at error level")
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)
    raise typer.Exit(3 if any(f.undecided for f in findings) else 0)
