"""Alerts as the merchant sees them: open → acknowledged → resolved, each delivered per channel."""
