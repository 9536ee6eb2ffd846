"""Alerts: consumed events turned into per-channel deliveries."""
