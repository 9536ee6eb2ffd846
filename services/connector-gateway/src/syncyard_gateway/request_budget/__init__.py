"""A connection's request budget, shared by every gateway replica (R18)."""
