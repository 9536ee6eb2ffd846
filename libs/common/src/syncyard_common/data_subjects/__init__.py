"""Erasing a person: pure masking rules, the erasure of one service's schema, its consumer."""
