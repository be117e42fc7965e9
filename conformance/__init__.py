"""Certification test suite for the standards of the Dutch education chain's afsprakenstelsel."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
