"""The eraser masks a person in every tenant table of a schema it finds in the catalogue
(JSON, text, bounded text, bytes; items through their parent), and nobody else's rows."""

import json
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.data_subjects.eraser import erase_schema
from syncyard_common.data_subjects.masking import ERASED, Subject
from syncyard_common.db import engine as db_engine

pytestmark = pytest.mark.integration
CANARY = "canary.7f3a@example.nl"
MINE, OTHERS = uuid.uuid4(), uuid.uuid4()


@pytest.fixture
async def schema(postgres_url: str) -> AsyncIterator[tuple[AsyncEngine, str]]:
    name = f"t_{uuid.uuid4().hex[:10]}"
    engine = db_engine.create_engine(postgres_url)
    async with engine.begin() as conn:
        for statement in (
            f'CREATE SCHEMA "{name}"',
            f'CREATE TABLE "{name}".thing (id int PRIMARY KEY, tenant_id uuid NOT NULL, '
            "doc jsonb, note varchar(30), body bytea)",
            f'CREATE TABLE "{name}".report (id int PRIMARY KEY, tenant_id uuid NOT NULL)',
            f'CREATE TABLE "{name}".report_item (report_id int NOT NULL REFERENCES '
            f'"{name}".report (id), record jsonb)',
            f'CREATE TABLE "{name}".lease (holder text)',  # no tenant: never touched
        ):
            await conn.execute(text(statement))
        order = json.dumps({"email": CANARY, "billing": {"last_name": "Jansen"}, "sku": "1"})
        for row_id, tenant in ((1, MINE), (2, OTHERS)):
            await conn.execute(
                text(
                    f'INSERT INTO "{name}".thing VALUES (:id, :tenant, CAST(:doc AS jsonb), '
                    ":note, :body)"
                ),
                {
                    "id": row_id,
                    "tenant": tenant,
                    "doc": order,
                    "note": f"to {CANARY}",
                    "body": order.encode(),
                },
            )
            await conn.execute(
                text(f'INSERT INTO "{name}".report VALUES (:id, :tenant)'),
                {"id": row_id, "tenant": tenant},
            )
            await conn.execute(
                text(f'INSERT INTO "{name}".report_item VALUES (:id, CAST(:doc AS jsonb))'),
                {"id": row_id, "doc": order},
            )
        await conn.execute(text(f"INSERT INTO \"{name}\".lease VALUES ('{CANARY}')"))
    yield engine, name
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    await engine.dispose()


async def test_the_person_is_masked_in_the_tenants_rows_only(
    schema: tuple[AsyncEngine, str],
) -> None:
    engine, name = schema
    async with engine.begin() as conn:
        erased = await erase_schema(
            conn, schema=name, tenant_id=MINE, subject=Subject.of([CANARY.upper()], [])
        )
    assert erased == {f"{name}.thing": 1, f"{name}.report_item": 1}
    async with engine.connect() as conn:
        mine = (
            await conn.execute(text(f'SELECT doc, note, body FROM "{name}".thing WHERE id = 1'))
        ).one()
        theirs = (
            await conn.execute(text(f'SELECT doc::text FROM "{name}".thing WHERE id = 2'))
        ).scalar()
        item = (
            await conn.execute(text(f'SELECT record FROM "{name}".report_item WHERE report_id = 1'))
        ).scalar()
    assert mine.doc == {"email": ERASED, "billing": {"last_name": ERASED}, "sku": "1"}
    assert mine.note == f"to {ERASED}"
    assert CANARY not in bytes(mine.body).decode()
    assert item["email"] == ERASED
    assert CANARY in str(theirs)
