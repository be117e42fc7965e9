"""The `conformance` command: one root app; each command group lives in its own module."""

from __future__ import annotations

from collections.abc import Callable

import typer

from conformance import __version__
from conformance.cli import evidence, inspect, load, run, serve

app = typer.Typer(
    name="conformance",
    help="Certification test suite for the standards of the Dutch education chain (UWLR, ECK iD, ECK DT, "
         "Edukoppeling). Exit codes: 0 conformant, 1 not conformant, 2 usage or configuration error, "
         "3 incomplete (candidate unreachable or harness error).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # tracebacks must not print keys or pupil data
    add_completion=False,
)

#: The commands by the name a user types, in the order `--help` lists them.
_COMMANDS: dict[str, Callable[..., None]] = {
    "init": run.init, "run": run.run, "report": run.report, "serve": serve.serve, "load": load.load,
    "list": inspect.list_, "validate": inspect.validate, "keygen": evidence.keygen, "verify": evidence.verify,
    "schema": evidence.schema, "diff": evidence.diff, "instrument": evidence.instrument,
}
for _name, _command in _COMMANDS.items():
    app.command(_name)(_command)


def _add_optional_groups() -> None:
    from conformance.cli import eckid, pki, schema_pack

    app.add_typer(eckid.app, name="eckid")
    app.add_typer(pki.app, name="pki")
    app.add_typer(schema_pack.app, name="schema-pack")


_add_optional_groups()


@app.callback(invoke_without_command=True)
def _root(version: bool = typer.Option(False, "--version", help="Print the suite version and exit.")) -> None:
    if version:
        typer.echo(f"conformance {__version__}")
        raise typer.Exit(0)


def main() -> None:
    app()
