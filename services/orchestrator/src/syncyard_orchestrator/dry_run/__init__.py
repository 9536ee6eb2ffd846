"""Dry run of a configured flow: real sample records, the real decisions, nothing written."""
