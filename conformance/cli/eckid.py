"""`conformance eckid`: compute an hPGN and judge an ECK iD offline."""

from __future__ import annotations

import typer

from conformance.standards.eckid import check_eckid
from conformance.standards.eckid.hashing import hpgn

__all__ = ["app"]

app = typer.Typer(help="ECK iD tools: hash a PGN as the reference clients do, check an ECK iD's form.",
                  no_args_is_help=True, pretty_exceptions_show_locals=False)


@app.command("hash")
def hash_(
    pgn: str = typer.Argument(..., help="The personal number (BSN or onderwijsnummer) to hash."),
    salt: str = typer.Option(..., "--salt", help="The environment's first-level salt, base64."),
) -> None:
    """Print the hPGN (scrypt N=131072, r=8, p=4; about 8 seconds by design)."""
    try:
        typer.echo(hpgn(pgn, salt))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("check")
def check(value: str = typer.Argument(..., help="The value to judge as an ECK iD.")) -> None:
    """Say whether VALUE is an ECK iD, of which environment, and what is wrong. Exit 0 valid, 1 invalid."""
    result = check_eckid(value)
    if result.valid:
        typer.echo(f"valid ECK iD ({result.environment})")
        return
    typer.echo("not a valid ECK iD:")
    for problem in result.problems:
        typer.echo(f"- {problem}")
    raise typer.Exit(1)
