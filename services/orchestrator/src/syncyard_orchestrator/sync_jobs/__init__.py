"""Initial syncs: every record of a source read page by page and run through its flow."""
