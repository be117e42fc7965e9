"""`conformance eckid`: compute an hPGN and judge an ECK iD offline, without the Nummervoorziening."""

from __future__ import annotations

import sys

import typer

from conformance.standards.eckid import OMGEVINGEN, eckid_form, eckid_form_problems, short_eckid
from conformance.standards.eckid.hashing import hpgn

__all__ = ["app", "check", "hash_"]

app = typer.Typer(
    help="ECK iD tools: hash a PGN exactly as the Nummervoorziening reference clients do, and check an "
         "ECK iD's form. Exit codes: 0 done / valid, 1 invalid ECK iD, 2 bad input.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals would include the PGN and the salt
    add_completion=False,
)


@app.command("hash")
def hash_(
    pgn: str = typer.Argument(..., help="The PGN: 9 digits (BSN or onderwijsnummer), for staff a BRIN code, a "
                                        "space and an e-mail address; or '-' to read one line from stdin, which "
                                        "keeps the number out of the shell history."),
    salt: str = typer.Option(..., "--salt", help="The NV environment's first-level salt, in base64."),
) -> None:
    """Print the hPGN (scrypt N=131072, r=8, p=4): slow by design, several seconds and 128 MiB per PGN."""
    if pgn == "-":
        pgn = sys.stdin.readline().removesuffix("\n").removesuffix("\r")  # the line ending is not part of it
    try:
        typer.echo(hpgn(pgn, salt))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("check")
def check(
    value: str = typer.Argument(..., help="The value to judge as an ECK iD."),
    omgeving: str = typer.Option(None, "--eckid-omgeving", "--omgeving", help=f"Also require the form of this environment "
                                                          f"({', '.join(OMGEVINGEN)})."),
) -> None:
    """Say on one line whether VALUE is an ECK iD, of which environment, and what is wrong. Exit 0 valid, 2 not."""
    if omgeving is not None and omgeving not in OMGEVINGEN:
        typer.echo(f"error: unknown --eckid-omgeving {omgeving!r}; expected one of {', '.join(OMGEVINGEN)}", err=True)
        raise typer.Exit(2)
    result = eckid_form(value)
    problems = eckid_form_problems(value, omgeving=omgeving) if omgeving else result.problems
    environment = f"environment {result.environment}" if result.environment else "no known environment"
    if not problems:
        typer.echo(f"valid ECK iD {short_eckid(value)} ({environment})")
        return
    typer.echo(f"invalid ECK iD {short_eckid(value)} ({environment}): {'; '.join(problems)}")
    raise typer.Exit(2)
