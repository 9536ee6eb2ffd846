"""Outgoing calls: the one address guard for user-supplied addresses and the one trust store."""
