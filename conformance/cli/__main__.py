"""`python -m conformance.cli` is `conformance`."""

from conformance.cli.main import main

main()
