"""Add, edit, delete and test a tenant's channels (``/v1/channels``).

Above ``channels/`` (the channel row, its routes, sending through it), ``alerts/`` and
``incidents/``: deleting a channel cancels its pending deliveries and asks which live alerts
only it takes, and a test is recorded as a delivery."""
