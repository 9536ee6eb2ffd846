"""The budget row's statements: each one atomic, so replicas never need a lock between them.

Every statement first refills the row for the time passed (``_REFILLED``); ``learned_at`` NULL
means the capacity and rate are still the connector's guess, which follows the code (a new
release may guess better); once the vendor has told us its plan, its figures stay."""

from sqlalchemy import text

from syncyard_gateway.schema import SCHEMA

_FLOAT = "double precision"
_CAPACITY = f"CASE WHEN b.learned_at IS NULL THEN CAST(:capacity AS {_FLOAT}) ELSE b.capacity END"
_RATE = f"CASE WHEN b.learned_at IS NULL THEN CAST(:per_second AS {_FLOAT}) ELSE b.per_second END"
_ELAPSED = "extract(epoch FROM clock_timestamp() - b.updated_at)"
_REFILLED = f"least(b.capacity, b.tokens + {_ELAPSED} * b.per_second)"
_NOW = "extract(epoch FROM clock_timestamp())"

# Take ``cost`` units; a negative balance afterwards is a promise of a later slot.
TAKE = text(f"""
INSERT INTO {SCHEMA}.request_budget AS b
    (account_key, bucket, tokens, issued, capacity, per_second, learned_at, updated_at)
VALUES (
    :account, :bucket, CAST(:capacity AS {_FLOAT}) - CAST(:cost AS {_FLOAT}),
    CAST(:cost AS {_FLOAT}), :capacity, :per_second, NULL, clock_timestamp()
)
ON CONFLICT (account_key, bucket) DO UPDATE SET
    capacity = {_CAPACITY},
    per_second = {_RATE},
    tokens = least({_CAPACITY}, b.tokens + {_ELAPSED} * {_RATE}) - CAST(:cost AS {_FLOAT}),
    issued = b.issued + CAST(:cost AS {_FLOAT}),
    updated_at = clock_timestamp()
RETURNING tokens, issued, capacity, per_second, {_NOW} AS now
""")

# Where the row stands now, without taking anything (a deferred command checking its ticket).
PEEK = text(f"""
SELECT {_REFILLED} AS tokens, b.issued, b.capacity, b.per_second, {_NOW} AS now
FROM {SCHEMA}.request_budget AS b
WHERE b.account_key = :account AND b.bucket = :bucket
""")

# What an answer said (the same rule as connectors.pacing.Bucket.settle): a bigger plan adds
# its extra room, a smaller one cuts the bucket to its size, the vendor's count only lowers
# ours, a refusal empties it for as long as it said, an unused charge comes back. Parameters
# left NULL were not said.
LEARN = text(f"""
UPDATE {SCHEMA}.request_budget AS b SET
    tokens = least(
        coalesce(CAST(:capacity AS {_FLOAT}), b.capacity),
        {_REFILLED}
            + greatest(coalesce(CAST(:capacity AS {_FLOAT}) - b.capacity, 0), 0)
            + CAST(:refund AS {_FLOAT}),
        coalesce(CAST(:available AS {_FLOAT}), 'Infinity'),
        coalesce(
            -CAST(:empty_for AS {_FLOAT}) * coalesce(CAST(:per_second AS {_FLOAT}), b.per_second),
            'Infinity'
        )
    ),
    capacity = coalesce(CAST(:capacity AS {_FLOAT}), b.capacity),
    per_second = coalesce(CAST(:per_second AS {_FLOAT}), b.per_second),
    learned_at = CASE
        WHEN CAST(:capacity AS {_FLOAT}) IS NULL AND CAST(:per_second AS {_FLOAT}) IS NULL
        THEN b.learned_at ELSE clock_timestamp() END,
    updated_at = clock_timestamp()
WHERE b.account_key = :account AND b.bucket = :bucket
""")

# Give units back (a caller that will not wait for its turn): every ticket behind moves up.
GIVE_BACK = text(f"""
UPDATE {SCHEMA}.request_budget AS b SET
    tokens = {_REFILLED} + CAST(:cost AS {_FLOAT}),
    updated_at = clock_timestamp()
WHERE b.account_key = :account AND b.bucket = :bucket
""")

# Where several accounts' rows stand now, each bucket refilled for the time passed (read only).
STANDING = text(f"""
SELECT b.account_key, b.bucket, {_REFILLED} AS tokens, b.capacity, b.per_second,
       b.learned_at IS NOT NULL AS is_learned
FROM {SCHEMA}.request_budget AS b
WHERE b.account_key = ANY(:accounts)
ORDER BY b.account_key, b.bucket
""")
