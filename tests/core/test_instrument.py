"""The instrument names what judged, and says when the installed packages are not the locked ones."""

from __future__ import annotations

from importlib import metadata

from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.instrument import instrument, lock_differences

LXML = metadata.version("lxml")


def test_lock_differences_name_each_installed_package_at_another_version():
    lock = (f"lxml=={LXML} \\\n    --hash=sha256:00\n"
            "httpx==0.0.1 \\\n    --hash=sha256:00\n"
            "not-a-real-package-anywhere==1.0 \\\n    --hash=sha256:00\n"
            "colorama==0.0.1 ; sys_platform == 'never' \\\n    --hash=sha256:00\n")
    # a locked package not installed is an extra this installation did not choose, not a difference
    assert lock_differences(lock) == [f"httpx {metadata.version('httpx')} (locked 0.0.1)"]


def test_cli_prints_the_instrument():
    result = CliRunner().invoke(app, ["instrument"], terminal_width=200)
    assert result.exit_code == 0, result.output
    described = instrument()
    assert f"lxml          {LXML}" in result.output
    assert described["libxml2"] in result.output and described["lock"] in result.output
