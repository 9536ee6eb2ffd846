"""Answer 503 (never 500) when the database cannot be reached, so webhook senders retry (R9).

The mapping is the shared one (syncyard_common.web.db_unavailable), which every service app
installs; installing it again here keeps the gateway's guarantee explicit.
"""

from fastapi import FastAPI

from syncyard_common.web import db_unavailable


def install(app: FastAPI) -> None:
    db_unavailable.install(app)
