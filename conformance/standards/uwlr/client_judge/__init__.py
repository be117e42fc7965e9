"""The UWLR client side (`[uwlr.ea]`): the suite plays the LAS and judges an EA's calls; its settings, judging LAS,
verdicts, reference client and that client's defects."""
