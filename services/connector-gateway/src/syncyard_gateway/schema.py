"""The gateway's PostgreSQL schema and the SQLAlchemy metadata its tables belong to."""

from sqlalchemy import MetaData

SCHEMA = "gateway"
SOURCE = "connector-gateway"  # the ``source`` of every envelope this service publishes

metadata = MetaData(schema=SCHEMA)
