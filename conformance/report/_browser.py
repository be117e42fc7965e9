"""Headless Chromium for what only a browser does well: printing the report to PDF, and rendering it in tests."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["BrowserMissing", "chromium_path", "dump_dom", "print_pdf", "screenshot"]

_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--mute-audio")


class BrowserMissing(RuntimeError):
    """No Chromium on this machine; the message says how to get one."""


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing("no Chromium found: install it (Debian: apt-get install chromium) to print PDF reports")


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="conformance-chromium-") as profile:
        return subprocess.run([chromium_path(), *_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, check=False)


def print_pdf(html: Path, target: Path, *, timeout: float = 120) -> Path:
    """Print `html` to `target` as the browser would (the report has print styles)."""
    done = _run([f"--print-to-pdf={target}", "--no-pdf-header-footer", html.resolve().as_uri()], timeout)
    if not target.is_file() or target.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not write {target}: {done.stderr.strip()[-500:]}")
    return target


def dump_dom(html: Path, *, timeout: float = 60) -> str:
    """The DOM after scripts ran, as Chromium rendered it."""
    return _run(["--dump-dom", html.resolve().as_uri()], timeout).stdout


def screenshot(html: Path, target: Path, *, width: int = 1280, height: int = 2400, timeout: float = 60) -> Path:
    _run([f"--screenshot={target}", f"--window-size={width},{height}", html.resolve().as_uri()], timeout)
    if not target.is_file():
        raise RuntimeError(f"Chromium did not write the screenshot {target}")
    return target
