"""Alert channels: e-mail addresses and signed webhooks."""
