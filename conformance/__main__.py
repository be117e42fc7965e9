"""`python -m conformance` is `conformance`."""

from conformance.cli.main import main

main()
