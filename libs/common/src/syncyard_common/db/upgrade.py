"""``python -m syncyard_common.db.upgrade``: migrate the service whose folder is the working dir.

Kubernetes runs it as each pod's init container (the image's working directory is the service
folder, with ``migrations/``), so a new release's schema is in place before its pods serve.
The service's ``migrations/env.py`` names its schema; ``upgrade_to_head`` holds the schema's
advisory lock, so pods starting together wait for one another instead of racing.

``SYNCYARD_MIGRATION_DATABASE_URL`` (the schema's owner) runs them, and the role of
``SYNCYARD_DATABASE_URL`` (the service's) is granted DML; unset, ``SYNCYARD_DATABASE_URL`` runs
them as well.
"""

import asyncio
import os
import sys
from pathlib import Path

from syncyard_common.db import migrate


def main() -> int:
    runtime_url = os.environ.get("SYNCYARD_DATABASE_URL", "")
    database_url = os.environ.get("SYNCYARD_MIGRATION_DATABASE_URL", "") or runtime_url
    migrations_dir = Path.cwd() / "migrations"
    if not database_url:
        sys.stderr.write("set SYNCYARD_DATABASE_URL (and SYNCYARD_MIGRATION_DATABASE_URL)\n")
        return 2
    if not (migrations_dir / "env.py").is_file():
        sys.stderr.write(f"no migrations in {migrations_dir}: run from a service folder\n")
        return 2
    # An empty schema lets the service's env.py use its own.
    asyncio.run(
        migrate.upgrade_to_head(
            migrations_dir=migrations_dir,
            database_url=database_url,
            schema="",
            runtime_database_url=runtime_url,
        )
    )
    sys.stdout.write(f"migrated {migrations_dir.parent.name} to head\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
