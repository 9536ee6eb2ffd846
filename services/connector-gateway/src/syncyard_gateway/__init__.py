"""Syncyard connector gateway: connections, webhook intake and connector commands."""
