"""The shop's webhook subscriptions to a connection's webhook URL, made from Syncyard."""
