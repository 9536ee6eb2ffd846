"""Broker isolation for the shared-library integration tests."""

from tests.fixtures.rabbitmq import own_vhost

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()
