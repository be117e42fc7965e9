"""`conformance pki init` and `pki show`: output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from typer.testing import CliRunner

from conformance.cli import pki as pki_cli

runner = CliRunner()


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cli") / "pki"
    result = runner.invoke(pki_cli.app, ["init", str(directory)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    return directory


def _show(path: Path):
    return runner.invoke(pki_cli.app, ["show", str(path)])


def test_app_settings():
    assert pki_cli.app.pretty_exceptions_show_locals is False


def test_init_lists_what_it_wrote(pki_dir):
    result = runner.invoke(pki_cli.app, ["init", str(pki_dir)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "reused" in result.output
    for text in ("school.pem", "0000000700099XA00000", "sha1.pem", "untrusted-root.pem", "ca-bundle.pem"):
        assert text in result.output


def test_init_force(tmp_path):
    directory = tmp_path / "pki"
    assert runner.invoke(pki_cli.app, ["init", str(directory)]).exit_code == 0
    before = (directory / "root.pem").read_bytes()
    result = runner.invoke(pki_cli.app, ["init", str(directory), "--force"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    assert (directory / "root.pem").read_bytes() != before


def test_init_on_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = runner.invoke(pki_cli.app, ["init", str(target)])
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


def test_show_good_certificate(pki_dir):
    result = _show(pki_dir / "school.pem")
    assert result.exit_code == 0, result.output
    cert = x509.load_pem_x509_certificate((pki_dir / "school.pem").read_bytes())
    out = result.output
    assert "serialNumber=0000000700099XA00000" in out
    assert "Conformance Test Organisatie Services CA" in out
    assert "0000000700099XA00000 (prefix 00000007: BRIN" in out and "BRIN 99XA" in out
    assert cert.fingerprint(hashes.SHA256()).hex(":").upper() in out
    assert "RSA 2048 bits" in out
    assert "RSA_WITH_SHA256" in out
    assert "valid for" in out
    assert "warning" not in out


def test_show_test_oin(pki_dir):
    result = _show(pki_dir / "vendor.pem")
    assert result.exit_code == 0
    assert "prefix 00000099: test OIN" in result.output


@pytest.mark.parametrize(("name", "warning"), [
    ("sha1", "signed with SHA1: not acceptable"),
    ("rsa-1024", "1024-bit key"),
    ("expired", "warning: expired"),
    ("not-yet-valid", "warning: not yet valid"),
    ("no-serialnumber", "no OIN"),
])
def test_show_warns_but_succeeds(pki_dir, name, warning):
    result = _show(pki_dir / f"{name}.pem")
    assert result.exit_code == 0, result.output
    assert warning in result.output


def test_show_absent_oin(pki_dir):
    assert "absent (no serialNumber in the subject)" in _show(pki_dir / "no-serialnumber.pem").output


def test_show_invalid_oin_exits_2(pki_dir):
    result = _show(pki_dir / "wrong-oin.pem")
    assert result.exit_code == 2
    assert "subject:" in result.stdout  # the details still print
    assert "invalid OIN in its Subject serialNumber: OIN must be 20 characters, got 19" in result.stderr


def test_show_key_is_not_a_certificate(pki_dir):
    result = _show(pki_dir / "school-key.pem")
    assert result.exit_code == 2
    assert "is not a certificate: it holds a PEM 'PRIVATE KEY' block" in result.stderr


def test_show_garbage(tmp_path):
    path = tmp_path / "garbage.crt"
    path.write_bytes(b"\x00\x01 hello")
    result = _show(path)
    assert result.exit_code == 2
    assert "neither a PEM nor a DER X.509 certificate" in result.stderr


def test_show_missing_file(tmp_path):
    result = _show(tmp_path / "absent.pem")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_show_der(pki_dir, tmp_path):
    cert = x509.load_pem_x509_certificate((pki_dir / "client.pem").read_bytes())
    path = tmp_path / "client.der"
    path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    result = _show(path)
    assert result.exit_code == 0, result.output
    assert "00000099500000030000" in result.output


def test_show_bundle_shows_each_certificate(pki_dir):
    result = _show(pki_dir / "ca-bundle.pem")
    assert result.exit_code == 0, result.output
    assert "certificate 1 of 2" in result.output and "certificate 2 of 2" in result.output
    assert result.output.count("CA:        yes") == 2


def test_attached_to_a_root_app(pki_dir):
    root = typer.Typer()
    root.add_typer(pki_cli.app, name="pki")

    @root.command()
    def other() -> None:  # a second command, so that `pki` stays a sub-command as in the real root
        """Placeholder."""

    result = runner.invoke(root, ["pki", "show", str(pki_dir / "server.pem")])
    assert result.exit_code == 0, result.output
    assert "localhost, 127.0.0.1, ::1" in result.output
