"""The `conformance` command: one root app; each command group lives in its own module."""

from __future__ import annotations

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
app.command("init")(run.init)
app.command("run")(run.run)
app.command("report")(run.report)
app.command("serve")(serve.serve)
app.command("load")(load.load)
app.command("list")(inspect.list_)
app.command("validate")(inspect.validate)
app.command("keygen")(evidence.keygen)
app.command("verify")(evidence.verify)
app.command("schema")(evidence.schema)
app.command("diff")(evidence.diff)
app.command("instrument")(evidence.instrument)


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
