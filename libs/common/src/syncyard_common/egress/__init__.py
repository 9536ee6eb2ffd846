"""Outgoing calls to user-supplied addresses: the one address guard every service uses."""
