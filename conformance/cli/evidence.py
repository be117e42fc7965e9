"""`conformance keygen`, `verify`, `schema` and `diff`: keeping and comparing the evidence of runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from conformance.cli._console import console
from conformance.report import (
    BundleProblem, ResultsProblem, diff_results, generate_keypair, read_results, results_schema, verify_bundle,
)

__all__ = ["diff", "instrument", "keygen", "schema", "verify"]


def keygen(
    directory: Path = typer.Argument(Path("."), help="Folder for signing-key.pem and signing-key.pub.pem."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing keys."),
) -> None:
    """Make an Ed25519 key pair to sign evidence bundles (`run --sign-key`)."""
    private, public = directory / "signing-key.pem", directory / "signing-key.pub.pem"
    if (private.exists() or public.exists()) and not force:
        console.print(f"[red]{private} or {public} exists; pass --force to overwrite[/red]")
        raise typer.Exit(2)
    directory.mkdir(parents=True, exist_ok=True)
    generate_keypair(private, public)
    console.print(f"wrote {private} (keep it secret) and {public} (give it to whoever verifies)")


def verify(
    bundle: Path = typer.Argument(..., help="An evidence bundle (zip) written by `run --bundle`."),
    pubkey: Path = typer.Option(..., "--pubkey", help="The signer's Ed25519 public key (PEM)."),
) -> None:
    """Check a bundle's signature and every file's SHA-256. Exit 0 when intact, 1 when anything changed."""
    try:
        problems = verify_bundle(bundle, pubkey)
    except BundleProblem as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    for problem in problems:
        console.print(f"[red]{escape(problem)}[/red]", soft_wrap=True)
    if problems:
        raise typer.Exit(1)
    console.print(f"{bundle}: intact, signature valid")


def schema() -> None:
    """Print the JSON Schema of results.json."""
    typer.echo(json.dumps(results_schema(), indent=2))


def _load(path: Path) -> dict[str, Any]:
    try:
        return read_results(path)
    except ResultsProblem as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None


def instrument() -> None:
    """Print the instrument this installation would judge with: Python, OpenSSL, libxml2, the libraries behind a
    verdict, and whether every package is the version requirements.lock names (every report records the same)."""
    from conformance.instrument import instrument as found

    described = found()
    rows = {"python": f"{described['python']} ({described['platform']})", "openssl": described["openssl"],
            "libxml2": described["libxml2"], **described["packages"]}
    if "lock_sha256" in described:
        rows["lock"] = f"requirements.lock SHA-256 {described['lock_sha256']}"
    rows["installed"] = described["lock"]
    for name, value in rows.items():
        console.print(f"{name:<13} {value}", markup=False, soft_wrap=True)


def diff(
    old: Path = typer.Argument(..., help="results.json of the earlier run."),
    new: Path = typer.Argument(..., help="results.json of the later run."),
) -> None:
    """Show what changed between two runs: suite version, verdict, and each test's outcome."""
    result = diff_results(_load(old), _load(new))
    for name, a, b in result.header:
        console.print(f"{name}: {a} → {b}")
    for tid, a, b in result.changed:
        console.print(f"changed  {tid}: {a} → {b}")
    for tid, outcome in result.added:
        console.print(f"added    {tid}: {outcome}")
    for tid, outcome in result.removed:
        console.print(f"removed  {tid}: {outcome}")
    if result.empty:
        console.print("no differences")
