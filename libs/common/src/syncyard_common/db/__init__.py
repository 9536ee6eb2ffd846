"""Database helpers: engine, migrations, outbox/inbox tables, naming convention."""
