"""Muting an integration's alerts for a while: recorded, not delivered."""
