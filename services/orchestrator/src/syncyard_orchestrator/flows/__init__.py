"""Flows: pure state machines, one module (or package) per flow."""
