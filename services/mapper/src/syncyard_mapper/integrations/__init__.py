"""Which tenant owns an integration id, as far as the mapper can tell (first claim wins)."""
