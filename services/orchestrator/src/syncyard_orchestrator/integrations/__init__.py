"""Integrations: two connections joined, with per-flow direction, settings and activation."""
