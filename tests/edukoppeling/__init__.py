"""Tests of the Edukoppeling transport profile (a package, so module names may repeat those of other folders)."""
