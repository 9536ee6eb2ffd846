"""Remote outages per connection: detected from failing commands, announced once, ended once."""
