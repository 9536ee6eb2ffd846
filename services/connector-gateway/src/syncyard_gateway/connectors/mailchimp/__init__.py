"""Mailchimp connector (Marketing API 3.0: e-commerce store + audience webhooks)."""

from syncyard_gateway.connectors.mailchimp.connector import (
    MailchimpConnector,
    MailchimpCredentials,
)

__all__ = ["MailchimpConnector", "MailchimpCredentials"]
