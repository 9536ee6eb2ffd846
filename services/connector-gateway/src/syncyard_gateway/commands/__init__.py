"""Connector commands: ``gateway.*`` messages executed against a connection's remote system."""
