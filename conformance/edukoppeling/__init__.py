"""Edukoppeling (Digikoppeling WUS for education): transport, addressing and message security.

`addressing` holds the WS-Addressing headers and their checks; `security` the WS-Security signatures (2W-be-S).
"""
