"""In-memory simulator of the Mailchimp Marketing API 3.0 (e-commerce stores and audiences)."""
