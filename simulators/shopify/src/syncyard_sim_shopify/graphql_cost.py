"""Shopify's calculated query cost: what a GraphQL document may cost, and what it did cost.

An object costs 1, a scalar or enum 0; a connection costs 2 plus, per node, 1 and its
objects: `productVariants(first: 50) { nodes { id product { id } } }` requests 2 + 50 * 2.
The requested cost sizes connections by `first`/`last`; the actual cost counts the nodes
returned. `pageInfo` and `edges` are free (they are part of the connection)."""

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values

# Shopify refuses a single query that may cost more than this.
MAX_QUERY_COST = 1000
_FREE = {"pageInfo", "__typename"}


@dataclass(frozen=True)
class _Walk:
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]


def _fields(selection_set: SelectionSetNode | None, walk: _Walk) -> list[FieldNode]:
    """Fields of a selection set with fragments spread in (type conditions ignored)."""
    found: list[FieldNode] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found += _fields(selection.selection_set, walk)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = walk.fragments.get(selection.name.value)
            found += _fields(fragment.selection_set if fragment else None, walk)
    return found


def _node_fields(connection: FieldNode, walk: _Walk) -> list[FieldNode]:
    """What is selected on each node: under `nodes` and under `edges { node }`."""
    chosen: list[FieldNode] = []
    for field in _fields(connection.selection_set, walk):
        if field.name.value == "nodes":
            chosen += _fields(field.selection_set, walk)
        elif field.name.value == "edges":
            for inner in _fields(field.selection_set, walk):
                if inner.name.value == "node":
                    chosen += _fields(inner.selection_set, walk)
    return chosen


def _returned_nodes(connection: Any) -> list[Any]:
    if not isinstance(connection, dict):
        return []
    nodes = connection.get("nodes")
    if isinstance(nodes, list):
        return nodes
    edges = connection.get("edges") or []
    return [edge.get("node") for edge in edges if isinstance(edge, dict)]


def _page_size(definition: GraphQLField, field: FieldNode, walk: _Walk) -> int:
    """`first` or `last`; 0 when the variables are wrong (execution reports that)."""
    try:
        arguments = get_argument_values(definition, field, walk.variables)
        return int(arguments.get("first") or arguments.get("last") or 0)
    except (GraphQLError, TypeError, ValueError):
        return 0


def _cost(fields: list[FieldNode], parent: Any, data: Any, walk: _Walk, *, actual: bool) -> int:
    if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return 0
    total = 0
    for field in fields:
        name = field.name.value
        definition = parent.fields.get(name)
        if definition is None or name in _FREE:
            continue
        named = get_named_type(definition.type)
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            continue  # scalars and enums are free
        key = field.alias.value if field.alias else name
        value = data.get(key) if isinstance(data, dict) else None
        if actual and value is None:
            continue
        if named.name.endswith("Connection"):
            node_type = get_named_type(named.fields["nodes"].type)
            per_node = _node_fields(field, walk)
            if actual:
                nodes = _returned_nodes(value)
                total += 2 + sum(
                    1 + _cost(per_node, node_type, n, walk, actual=True) for n in nodes
                )
            else:
                size = _page_size(definition, field, walk)
                total += 2 + size * (1 + _cost(per_node, node_type, None, walk, actual=False))
            continue
        children = _fields(field.selection_set, walk)
        items = value if isinstance(value, list) else [value]
        total += sum(1 + _cost(children, named, item, walk, actual=actual) for item in items)
    return total


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """The requested cost of ``document``; with ``data`` (its answer), the actual cost."""
    walk = _Walk(
        fragments={
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        },
        variables=variables or {},
    )
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if not operations:
        return 0
    fields = _fields(operations[0].selection_set, walk)
    return _cost(fields, schema.query_type, data, walk, actual=data is not None)
