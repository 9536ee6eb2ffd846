"""Scheduled connection health checks: one real call per connection per interval."""
