"""The category flow's rules: create or update under the parent synced before it."""

from typing import Any

from pydantic import BaseModel

from syncyard_common.canonical import Category
from syncyard_common.messages import categories
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.categories.settings import CategoryFlowSettings
from syncyard_orchestrator.flows.records import EntityLink, Plan, RecordRun

# Retryable: the run's source asks for the parent and the child goes again once the parent
# is linked (see links/waiting.py); a parent's source id is never taken for the target's id.
PARENT_NOT_SYNCED = "parent_category_not_synced"


class CategoryRules:
    flow = "categories"
    entity = "categories"
    settings_model: type[BaseModel] = CategoryFlowSettings
    found_type: type[Message] | None = None
    maps = True
    written_type: type[Message] = categories.CategoryUpsertedV1

    def entity_ref(self, record: dict[str, Any]) -> str:
        return str(record.get("name") or record.get("source_id") or "?")

    def screen(self, record: dict[str, Any], settings: CategoryFlowSettings) -> None:
        return None

    def find(self, run: RecordRun, mapped: dict[str, Any], settings: CategoryFlowSettings) -> None:
        return None  # the target's upsert matches by name under the parent itself

    def plan(
        self,
        run: RecordRun,
        mapped: dict[str, Any],
        found: Message | None,
        settings: CategoryFlowSettings,
    ) -> Plan:
        category = Category.model_validate(mapped)
        if run.found_id is not None and not settings.update_existing:
            return Plan(skip_reason="the category was synced before and updates are off")
        parent_id = None
        if category.parent_source_id:
            parent_id = run.links.get(category.parent_source_id)
            if parent_id is None:
                reason = (
                    f"the parent category {category.parent_source_id} of {category.name!r} "
                    "has not been synced yet; its sync has been started and this category "
                    "goes again under it once it is linked"
                )
                return Plan(failure=(PARENT_NOT_SYNCED, reason))
        command = categories.UpsertCategoryV1(
            connection_id=run.target_connection_id, category=category, parent_id=parent_id
        )
        return Plan(command=command, fields=["name", "parent"])

    def written(self, run: RecordRun, result: Message) -> tuple[str, list[EntityLink]]:
        assert isinstance(result, categories.CategoryUpsertedV1)
        return result.category_id, [EntityLink("categories", run.source_id, result.category_id)]
