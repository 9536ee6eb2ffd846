"""Every broker Syncyard runs on gets the settings of deploy/rabbitmq/advanced.config: the
private nodes of the tests and `make up`, Compose and the operator's RabbitmqCluster."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scripts.infra import rabbitmq
from tests.unit.deploy.manifests import DEPLOY, ROOT, documents

ADVANCED_CONFIG = DEPLOY / "rabbitmq" / "advanced.config"


def _terms(text: str) -> str:
    """The Erlang terms without comments and blanks, to compare two spellings of them."""
    without_comments = "\n".join(line.split("%", 1)[0] for line in text.splitlines())
    return re.sub(r"\s+", "", without_comments)


def test_the_file_settles_dead_letters_within_seconds_not_three_minutes() -> None:
    # How late a retry that expired while the node booted may come back (the file says why).
    found = re.search(
        r"\{dead_letter_worker_publisher_confirm_timeout,\s*(\d+)\}", ADVANCED_CONFIG.read_text()
    )
    assert found is not None
    assert int(found.group(1)) <= 10_000


def test_the_operator_gives_its_cluster_the_same_terms() -> None:
    (broker, *_) = documents(DEPLOY / "operators" / "rabbitmq.yaml")
    assert _terms(broker["spec"]["rabbitmq"]["advancedConfig"]) == _terms(
        ADVANCED_CONFIG.read_text()
    )


def test_compose_mounts_the_file_where_the_image_reads_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    mounts = compose["services"]["rabbitmq"]["volumes"]
    assert "./deploy/rabbitmq/advanced.config:/etc/rabbitmq/advanced.config:ro" in mounts


def test_the_private_nodes_write_the_file_into_their_home(tmp_path: Path) -> None:
    rabbitmq._write_config(tmp_path, 5672, ())
    assert (tmp_path / "advanced.config").read_text() == ADVANCED_CONFIG.read_text()
