"""Runs: one persisted state machine per entity per flow, and the API to read them."""
