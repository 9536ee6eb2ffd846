"""Private PostgreSQL and RabbitMQ nodes for tests and the demo: `from scripts.infra import ...`."""

from .ports import InfraError, free_port, port_is_free, wait_for_port
from .postgres import (
    postgres_url,
    psql,
    runtime_url,
    set_durability,
    start_postgres,
    stop_postgres,
)
from .rabbitmq import (
    kill_rabbitmq,
    node_name,
    node_port,
    rabbitmq_url,
    rabbitmqctl,
    restart_rabbitmq,
    start_rabbitmq,
    stop_rabbitmq,
)

__all__ = [
    "InfraError",
    "free_port",
    "kill_rabbitmq",
    "node_name",
    "node_port",
    "port_is_free",
    "postgres_url",
    "psql",
    "rabbitmq_url",
    "rabbitmqctl",
    "restart_rabbitmq",
    "runtime_url",
    "set_durability",
    "start_postgres",
    "start_rabbitmq",
    "stop_postgres",
    "stop_rabbitmq",
    "wait_for_port",
]
