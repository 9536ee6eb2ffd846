"""Versioned storage of tenants' mappings, validate-on-save and preview."""
