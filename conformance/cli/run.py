"""`conformance init`, `run` and `report`: configure a candidate, certify it, re-render a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from conformance.cli._console import console, print_summary
from conformance.harness import run_demo, run_suite
from conformance.standards import all_standards

__all__ = ["init", "report", "run"]

_HEADER = """\
# Candidate configuration for `conformance run --config THIS_FILE`.
# Relative paths are relative to this file. Secrets: use `<name>_env = "ENV_VAR"` instead of the value.

[candidate]
naam = "Naam van het systeem onder test"
organisatie = "Naam van de leverancier"
# operator = "Naam van wie de test uitvoert"

# TLS towards the candidate: the CA that signed its server certificate, and our client certificate (PEM).
# ca_bundle is also the trust the candidate's 2W-be-S signatures are judged by (PKIoverheid / PKI-Onderwijs roots
# and intermediates for a real run); crl_files are CRLs (PEM or DER) of those CAs, read offline.
# test_pki: a folder made by 'conformance pki init' whose root the candidate trusts during the test; it issues
# the expired, weak-key and other-party signing certificates the signature probes send (inapplicable without).
# [tls]
# ca_bundle = "pki/ca-bundle.pem"
# client_cert = "pki/client.pem"
# client_key = "pki/client-key.pem"
# crl_files = []
# test_pki = "pki"
# # Only for a development system: accept http:// endpoints (secrets travel in clear; the report says so).
# # allow_plain_http = false
# # Only for a development system: do not verify the candidate's server certificate (the report says so).
# # verify = true

# Any standard's table below may bound how the suite reads the candidate's answers (README, "Robustness"):
#   max_answer_mb (64): bytes of one answer, after decompression; more is cut off and fails the test
#   answer_deadline_s (60): one exchange, from connecting to the last byte
#   answer_idle_s (30): the longest silence; 3 exchanges in a row without an answer end the rest at once

# Security probes (every standard): the XXE canary the suite serves, and the limits it judges by.
# A candidate on another machine fetches the canary (it must not!) from canary_address on canary_listen.
# [security]
# canary_listen = "127.0.0.1"           # "0.0.0.0" for all interfaces; then give canary_address
# canary_address = "http://suite.example.nl:8099"
# canary_port = 8099                    # 0: any free port (loopback only)
# canary_wait = 1.0                     # seconds to wait for a late fetch
# max_request_bytes = 33554432          # the request size limit you declare (32 MiB when not given)
# answer_within = 10.0                  # seconds within which an entity-expansion request must be refused

# `conformance load` (README, "Availability at the start of the school year") reads the service levels here:
# [load]
# duration = "10m"          # required (here or --duration): a load run never starts without one
# users = 10
# spawn_rate = 10           # users started per second
# rate = 5                  # client actions per second over all users (default: flat out)
# max_requests = 0          # the request cap; 0: the duration times a fixed rate
# p95_ms = 1000
# p99_ms = 3000
# error_rate_max = 0.01
# throughput_min = 15
# sample_every = 10         # every N-th good answer of an operation is judged for correctness (AVAIL-04)
# sample_limit = 20         # at most this many answers judged per operation
# pool = 300                # addressed (and signed) requests built before the run per operation, each sent once

"""


def init(
    path: Path = typer.Argument(Path("conformance.toml"), help="Where to write the configuration template."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented candidate configuration to fill in."""
    if path.exists() and not force:
        console.print(f"[red]{path} exists; pass --force to overwrite it[/red]")
        raise typer.Exit(2)
    text = _HEADER + "\n".join(std.config_template for std in all_standards().values())
    path.write_text(text, encoding="utf-8")
    console.print(f"wrote {path}: fill in your endpoints and credentials, then run "
                  f"[bold]conformance run --config {path}[/bold]")


def _output_dir(output: Path | None) -> Path:
    if output is not None:
        return output
    return Path("reports") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def run(
    config: Path = typer.Option(None, "--config", "-c", help="Candidate configuration (TOML), see `init`."),
    demo: bool = typer.Option(False, "--demo", help="Start the embedded reference endpoints and certify them."),
    defect: list[str] = typer.Option([], "--defect", help="With --demo: break the reference with this named "
                                                          "defect (see `list --defects`); repeatable."),
    standard: list[str] = typer.Option([], "--standard", "-s", help="Only these standards; repeatable."),
    output: Path = typer.Option(None, "--output", "-o", help="Report folder (default reports/<timestamp>)."),
    only: list[str] = typer.Option([], "--only", help="Self-test: only tests whose id contains this text; repeatable."),
    rerun_failed: Path = typer.Option(None, "--rerun-failed", help="Self-test: only the tests that failed, erred "
                                                                   "or could not tell in this earlier results.json."),
    expected_failures: Path = typer.Option(None, "--expected-failures", help="Self-test: a file of test ids expected "
                                                                             "to fail ('id  # why' per line)."),
    official: bool = typer.Option(False, "--official", help="Official certification: every test, no selection, "
                                                            "complete declarations, operator recorded."),
    bundle: bool = typer.Option(False, "--bundle", help="Also write evidence.zip: outputs, redacted exchanges "
                                                        "and a SHA-256 manifest."),
    sign_key: Path = typer.Option(None, "--sign-key", help="Sign the bundle's manifest with this Ed25519 key "
                                                           "(implies --bundle; see `keygen`)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print report.pdf with headless Chromium."),
    schemas: Path = typer.Option(None, "--schemas", help="A schema pack (WSDL/XSD + manifest.toml) to check before "
                                                          "the run and record in the report; overrides [schemas] pack."),
    dual_validation: bool = typer.Option(False, "--dual-validation", help="Validate candidate documents with "
                                         "xmlschema beside libxml2, as official runs always do; where the two "
                                         "disagree the test cannot tell."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also show pytest's report of each test that did "
                                                                "not pass, with its traceback."),
    jobs: str = typer.Option(None, "--jobs", "-j", help="Spread the tests over N worker processes, or 'auto' for "
                                                        "this machine's cores; same verdict and outputs as one. "
                                                        "Default: 'auto' with --demo, else 1."),
) -> None:
    """Run the scenario tests against a candidate and write report.html, results.json and junit.xml."""
    if demo == (config is not None):
        console.print("[red]give either --config FILE or --demo[/red]")
        raise typer.Exit(2)
    workers = _workers(jobs, demo=demo)
    known = all_standards()
    for name in standard:
        if name not in known:
            console.print(f"[red]unknown standard {name!r}; known: {', '.join(known)}[/red]")
            raise typer.Exit(2)
    if defect and not demo:
        console.print("[red]--defect only applies to --demo[/red]")
        raise typer.Exit(2)
    all_defects = {d.name for std in known.values() for d in std.defects}
    for name in defect:
        if name not in all_defects:
            console.print(f"[red]unknown defect {name!r}; see `conformance list --defects`[/red]")
            raise typer.Exit(2)
    if sign_key is not None and not sign_key.is_file():
        console.print(f"[red]signing key {sign_key} does not exist[/red]")
        raise typer.Exit(2)
    if official and (demo or only or rerun_failed or expected_failures or defect or standard):
        console.print("[red]--official tests everything against a real candidate: it refuses --demo, --defect, "
                      "--standard, --only, --rerun-failed and --expected-failures[/red]")
        raise typer.Exit(2)
    if schemas is not None:
        _check_schemas(schemas, demo=demo, standard=list(standard))
    select = list(only)
    if rerun_failed is not None:
        select += _failed_in(rerun_failed)
    out_dir = _output_dir(output)
    if demo:
        standards = standard or list(known)
        outcome = run_demo(standards, output_dir=out_dir, defects=list(defect), select=select,
                           expected_failures=expected_failures, schema_pack=schemas,
                           dual_validation=dual_validation, quiet=not verbose, jobs=workers)
    else:
        if not config.is_file():
            console.print(f"[red]configuration file {config} does not exist[/red]")
            raise typer.Exit(2)
        outcome = run_suite(config, output_dir=out_dir, standards=list(standard) or None, select=select,
                            mode="official" if official else "self-test", expected_failures=expected_failures,
                            schema_pack=schemas, dual_validation=dual_validation, quiet=not verbose, jobs=workers)
    if outcome.result is None:
        console.print("[red]no result: see the error above (configuration or usage error)[/red]"
                      if outcome.exit_code == 2 else "[red]the run ended without a result[/red]")
        raise typer.Exit(outcome.exit_code)
    if pdf:
        _write_pdf(out_dir)
    if bundle or sign_key is not None:
        _write_bundle(out_dir, sign_key)
    print_summary(outcome.result, out_dir)
    if outcome.result.candidate.get("plain_http"):
        console.print("[yellow]plain HTTP allowed ([tls] allow_plain_http): secrets and pupil data may have "
                      "travelled unencrypted; the report says so[/yellow]")
    if outcome.result.candidate.get("tls_verify") is False:
        console.print("[yellow]server certificates not verified ([tls] verify = false): the report says so[/yellow]")
    raise typer.Exit(outcome.exit_code)


def _workers(jobs: str | None, *, demo: bool) -> int:
    """The demo uses the machine's cores; a real candidate gets one test at a time unless the operator asks."""
    from conformance.harness import parse_jobs

    try:
        return parse_jobs(jobs if jobs is not None else "auto" if demo else "1")
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _check_schemas(directory: Path, *, demo: bool, standard: list[str]) -> None:
    """Refuse a pack that does not fit with exit 2 before anything starts (the run checks it again, cheaply)."""
    from conformance.errors import ConfigError
    from conformance.harness import load_pack

    try:
        pack = load_pack(directory)
    except ConfigError as exc:
        from rich.markup import escape

        console.print(f"[red]schema pack refused: {escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    if demo and standard and pack.standard not in standard:
        console.print(f"[red]schema pack refused: it is for {pack.standard}, which this run does not test[/red]")
        raise typer.Exit(2)
    console.print(f"schema pack: {pack.name} {pack.version} for {pack.standard} ({len(pack.files)} files, checked)")


def _failed_in(results: Path) -> list[str]:
    from rich.markup import escape

    from conformance.report import ResultsProblem, read_results

    try:
        data = read_results(results)
    except ResultsProblem as exc:
        console.print(f"[red]--rerun-failed: {escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    ids = [t["id"] for t in data["tests"] if t["outcome"] in ("failed", "error", "cantTell")]
    if not ids:
        console.print(f"nothing failed in {results}: nothing to rerun")
        raise typer.Exit(0)
    return ids


def _write_pdf(out_dir: Path) -> None:
    from conformance.report import BrowserMissing, print_pdf

    try:
        console.print(f"pdf: {print_pdf(out_dir / 'report.html', out_dir / 'report.pdf')}")
    except (BrowserMissing, RuntimeError, OSError) as exc:
        console.print(f"[yellow]no PDF: {exc}[/yellow]")


def _write_bundle(out_dir: Path, sign_key: Path | None) -> None:
    import json

    from conformance.report import BundleProblem, write_bundle

    data = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    try:
        target = write_bundle(out_dir, data, out_dir / "evidence.zip", sign_key=sign_key)
    except BundleProblem as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(f"evidence bundle: {target}" + (" (signed)" if sign_key else " (unsigned)"))


def report(
    results: Path = typer.Argument(..., help="A results.json of an earlier run."),
    output: Path = typer.Option(None, "--output", "-o", help="Folder for report.html (default: beside results)."),
) -> None:
    """Re-render report.html from a results.json alone."""
    from rich.markup import escape

    from conformance.report import ResultsProblem, write_from_results

    try:
        target = write_from_results(results, output or results.parent)
    except ResultsProblem as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(f"wrote {target}")

