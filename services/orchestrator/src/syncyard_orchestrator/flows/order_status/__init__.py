"""Order status back to the source: an order we created changed in the target."""
