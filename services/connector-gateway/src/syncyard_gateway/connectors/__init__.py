"""Connectors: one folder per remote system behind one base class and capability protocols."""
