"""Syncyard mapper service: tenant field mappings, defaults, preview."""
