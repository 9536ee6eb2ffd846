"""The crash drills run on a durable PostgreSQL: what was acknowledged must survive a crash."""

import asyncpg
from sqlalchemy.engine import make_url


async def test_the_drills_database_has_fsync_and_synchronous_commit_on(postgres_url: str) -> None:
    url = make_url(postgres_url).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            assert await connection.fetchval(f"SHOW {setting}") == "on", setting
    finally:
        await connection.close()
