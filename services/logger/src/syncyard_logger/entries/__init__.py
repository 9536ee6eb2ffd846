"""The write path of the activity log: audit events in, rows out (batched, deduped)."""
