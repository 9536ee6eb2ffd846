"""Dead letters: what was parked in any ``<queue>.dlq``, for operators to replay or discard.

Why the orchestrator moves every parked message into its own ``dead_letter`` table instead of
serving the queues themselves: a queue can only be read from its head, not filtered by tenant,
listed page by page or changed one message at a time, and reading it through the broker's own
tools shows every tenant everything. So ``mover.py`` consumes every DLQ of the topology, keeps
each message in the table (the parking's id as primary key: a redelivery is kept once) and
only then acks it. Nothing parked expires: the DLQs have no TTL nor length limit, and rows are
never deleted; a discarded one stays, marked with who discarded it and when.

Replay (``service.py`` → ``relay.py``): the request marks the rows ``replaying`` in the same
transaction as the activity-log entries (outbox), and the relay publishes each message,
unchanged but with its attempt and failure headers removed, to the work queue it was parked
from (default exchange, confirms), then marks it ``replayed``. The message keeps its id: a
consumer whose first try had committed (an inbox row) treats it as done, one whose tries all
rolled back handles it now, exactly once either way.

Who sees what: every caller only its own tenant's (another tenant's ids answer 404), read from
the message's envelope. Admins of the platform's own tenant (``SYNCYARD_PLATFORM_TENANT_ID``)
see every tenant's and the few no tenant could be read from. Tenants' own tokens carry the
admin role too, so the admin role alone must not open every tenant's messages.
"""
