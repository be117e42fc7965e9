"""Edukoppeling (Digikoppeling WUS for education): transport, addressing and message security."""
