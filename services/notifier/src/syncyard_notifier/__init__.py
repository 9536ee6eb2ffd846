"""Syncyard notifier: grouped alerts over e-mail and signed webhooks."""
