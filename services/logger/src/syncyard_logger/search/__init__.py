"""The read side of the activity log: one run, or an integration with filters and pages."""
