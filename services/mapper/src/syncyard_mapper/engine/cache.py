"""Compiled mappings by (mapping id, version); versions are immutable, so entries never go stale."""

from collections import OrderedDict

from pydantic import BaseModel

from syncyard_mapper.engine.compile import CompiledMapping, compile_mapping
from syncyard_mapper.engine.document import MappingDocument


class CompiledMappingCache:
    """A small LRU; compiling costs far more than evaluating, so it is worth keeping."""

    def __init__(self, max_entries: int = 512) -> None:
        self._entries: OrderedDict[tuple[str, int], CompiledMapping] = OrderedDict()
        self._max_entries = max_entries

    def get(
        self,
        *,
        mapping_id: str,
        version: int,
        document: MappingDocument,
        model: type[BaseModel],
    ) -> CompiledMapping:
        """The compiled mapping, compiling it on first use."""
        key = (mapping_id, version)
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
