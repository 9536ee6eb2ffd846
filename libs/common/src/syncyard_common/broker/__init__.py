"""RabbitMQ: topology, publishing with confirms, consuming with acks, retries, outbox, inbox."""
