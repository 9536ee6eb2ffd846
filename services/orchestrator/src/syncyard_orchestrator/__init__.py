"""Syncyard orchestrator: integrations, flows and their runs."""
