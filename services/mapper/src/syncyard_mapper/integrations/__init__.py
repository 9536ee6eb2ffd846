"""Which tenant owns an integration id, as far as the mapper can tell: the orchestrator's
word (``integration.owned.v1``) when it came, else the first claim (decision 0010)."""
