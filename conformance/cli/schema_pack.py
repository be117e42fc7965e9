"""`conformance schema-pack init` and `check`: write the manifest for a folder of official WSDL/XSD files, and
check a pack the way `run --schemas` does, without running anything.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from conformance.cli._console import console
from conformance.errors import ConfigError
from conformance.harness import load_pack, write_manifest
from conformance.standards import all_standards

__all__ = ["app", "check", "init"]

app = typer.Typer(
    help="Schema packs: a certification body's own WSDL/XSD set for `run --schemas DIR`. "
         "Exit codes: 0 done, 2 the pack or the arguments are wrong.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


@app.command("init")
def init(
    directory: Path = typer.Argument(..., help="Folder holding the WSDL/XSD files."),
    standard: str = typer.Option(..., "--standard", "-s", help="The standard the pack is for."),
    name: str = typer.Option(None, "--name", help="Name of the pack (default: the folder's name)."),
    version: str = typer.Option("1", "--version", help="Version of the pack."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing manifest."),
) -> None:
    """Write manifest.toml with the SHA-256 of every schema file, then check the pack fits the standard."""
    known = all_standards()
    if standard not in known:
        console.print(f"[red]unknown standard {standard!r}; known: {', '.join(known)}[/red]", soft_wrap=True)
        raise typer.Exit(2)
    if not directory.is_dir():
        console.print(f"[red]{directory} is not a folder[/red]", soft_wrap=True)
        raise typer.Exit(2)
    if any((directory / m).exists() for m in ("manifest.toml", "manifest.json")) and not force:
        console.print(f"[red]{directory} already has a manifest; pass --force to overwrite it[/red]", soft_wrap=True)
        raise typer.Exit(2)
    (directory / "manifest.json").unlink(missing_ok=True)
    target = write_manifest(directory, standard=standard, name=name or directory.resolve().name, version=version)
    console.print(f"wrote {target}", soft_wrap=True)
    check(directory)


@app.command("check")
def check(directory: Path = typer.Argument(..., help="Folder with the files and manifest.toml/json.")) -> None:
    """Check a pack as `run --schemas` does: hashes, no unlisted files, known standard, fits the codec."""
    try:
        pack = load_pack(directory)
    except ConfigError as exc:
        console.print(f"[red]schema pack refused: {escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(f"schema pack {pack.name} {pack.version} fits {pack.standard} ({len(pack.files)} files)")
