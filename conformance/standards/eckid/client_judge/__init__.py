"""The ECK iD LAS side (`[eckid.las]`): the suite plays the NV and judges a LAS's calls; its settings, verdicts,
reference LAS and that LAS's defects (the judging NV itself is `judge`, its scrypt work `judge_cache`)."""
