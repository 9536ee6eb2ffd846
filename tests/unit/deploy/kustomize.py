"""A small kustomize: renders deploy/k8s, deploy/operators and the overlays without kubectl.

It does what these kustomizations use and nothing more: resources (files and folders),
`namespace`, `labels` (metadata only), `images` (tags) and `patches` with a target, as JSON
patches (replace/add/remove) or as a strategic merge that deletes a resource. A test compares
its output with `kubectl kustomize` wherever kubectl is installed.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]
CLUSTER_SCOPED = {"Namespace"}


def render(folder: Path) -> list[Resource]:
    config: dict[str, Any] = yaml.safe_load((folder / "kustomization.yaml").read_text())
    resources: list[Resource] = []
    for entry in config.get("resources", []):
        path = (folder / entry).resolve()
        if path.is_dir():
            resources += render(path)
        else:
            resources += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    resources = copy.deepcopy(resources)
    for patch in config.get("patches", []):
        resources = _patch(resources, patch)
    for resource in resources:
        if "namespace" in config and resource["kind"] not in CLUSTER_SCOPED:
            resource["metadata"]["namespace"] = config["namespace"]
        for label in config.get("labels", []):
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
        _set_images(resource, config.get("images", []))
    return resources


def _targets(resource: Resource, target: dict[str, str]) -> bool:
    return all(
        (resource["kind"] if key == "kind" else resource["metadata"]["name"]) == value
        for key, value in target.items()
    )


def _patch(resources: list[Resource], patch: dict[str, Any]) -> list[Resource]:
    body = yaml.safe_load(patch["patch"])
    kept = []
    for resource in resources:
        if not _targets(resource, patch["target"]):
            kept.append(resource)
        elif isinstance(body, list):
            for operation in body:
                _json_patch(resource, operation)
            kept.append(resource)
        elif body.get("$patch") != "delete":
            raise NotImplementedError("only deleting strategic merge patches")
    return kept


def _json_patch(resource: Resource, operation: dict[str, Any]) -> None:
    *parents, last = operation["path"].strip("/").split("/")
    node = resource
    for key in parents:
        node = node[key]
    if operation["op"] in ("replace", "add"):
        node[last] = copy.deepcopy(operation["value"])
    elif operation["op"] == "remove":
        del node[last]
    else:
        raise NotImplementedError(operation["op"])


def _set_images(resource: Resource, images: list[dict[str, str]]) -> None:
    pod = resource.get("spec", {}).get("template", {}).get("spec", {})
    for container in [*pod.get("initContainers", []), *pod.get("containers", [])]:
        name = container["image"].split(":")[0]
        for image in images:
            if image["name"] == name:
                container["image"] = f"{name}:{image['newTag']}"
