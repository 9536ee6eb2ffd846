"""Per-tenant retention and redaction settings, and the job that deletes expired entries."""
