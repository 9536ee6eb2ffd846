"""Compiled mappings by (mapping id, version, base); versions are immutable: never stale."""

from collections import OrderedDict

from pydantic import BaseModel

from syncyard_mapper.engine.compile import CompiledMapping, compile_mapping
from syncyard_mapper.engine.document import MappingDocument


class CompiledMappingCache:
    """A small LRU; compiling costs far more than evaluating, so it is worth keeping."""

    def __init__(self, max_entries: int = 512) -> None:
        self._entries: OrderedDict[tuple[str, int, str], CompiledMapping] = OrderedDict()
        self._max_entries = max_entries

    def get(
        self,
        *,
        mapping_id: str,
        version: int,
        document: MappingDocument,
        model: type[BaseModel],
        base: str = "",
    ) -> CompiledMapping:
        """The compiled mapping, compiling it on first use.

        ``base`` names the default a tenant's overlay was merged onto: one saved version is a
        different effective mapping for each connector pair.
        """
        key = (mapping_id, version, base)
        compiled = self._entries.get(key)
        if compiled is None:
            compiled = compile_mapping(document, model=model)
            self._entries[key] = compiled
            if len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return compiled

    def __len__(self) -> int:
        return len(self._entries)
