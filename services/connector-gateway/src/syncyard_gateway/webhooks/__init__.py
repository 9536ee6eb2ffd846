"""Webhook intake: verify the signature, dedupe, persist with the outbox, then answer."""
