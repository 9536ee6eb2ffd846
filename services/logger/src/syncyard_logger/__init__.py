"""Syncyard logger service: the activity log with retention, redaction and search."""
