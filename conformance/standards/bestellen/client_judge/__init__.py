"""The ordering client side (`[bestellen.klant]`): the suite plays the supplier and judges a client's calls; its
settings, judging supplier, verdicts, reference client and that client's defects."""
