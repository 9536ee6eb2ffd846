"""Routing table from SOAP operation name to handler; one module per subject."""

from collections.abc import Callable

from syncyard_sim_mplus.operations import groups, orders, products, relations, stock, system
from syncyard_sim_mplus.store import Record, Store

Handler = Callable[[Store, Record], Record]

HANDLERS: dict[str, Handler] = {
    "getApiVersion": system.get_api_version,
    "getCurrentSyncMarkers": system.get_current_sync_markers,
    "getEmployees": system.get_employees,
    "getVatGroupList": system.get_vat_group_list,
    "getBranches": system.get_branches,
    "getProducts": products.get_products,
    "createProduct": products.create_product,
    "updateProduct": products.update_product,
    "getStock": stock.get_stock,
    "setStock": stock.set_stock,
    "updateStock": stock.update_stock,
    "getRelations": relations.get_relations,
    "getRelation": relations.get_relation,
    "findRelation": relations.find_relation,
    "findRelationV2": relations.find_relation_v2,
    "createRelation": relations.create_relation,
    "updateRelation": relations.update_relation,
    "getOrders": orders.get_orders,
    "getOrder": orders.get_order,
    "findOrder": orders.find_order,
    "createOrder": orders.create_order,
    "createOrderV2": orders.create_order_v2,
    "createOrderV3": orders.create_order_v3,
    "getOrdersByExtOrderIds": orders.get_orders_by_ext_order_ids,
    "getStockHistory": stock.get_stock_history,
    "updateOrder": orders.update_order,
    "cancelOrder": orders.cancel_order,
    "deliverOrder": orders.deliver_order,
    "getArticleGroups": groups.get_article_groups,
    "getArticleGroupChanges": groups.get_article_group_changes,
    "newArticleGroup": groups.new_article_group,
    "updateArticleGroup": groups.update_article_group,
    "deleteArticleGroup": groups.delete_article_group,
}

# Calls that change state: `reset_after_commit` applies to these only.
MUTATIONS = frozenset(
    {
        "createProduct",
        "updateProduct",
        "setStock",
        "updateStock",
        "createRelation",
        "updateRelation",
        "createOrder",
        "createOrderV2",
        "createOrderV3",
        "updateOrder",
        "cancelOrder",
        "deliverOrder",
        "newArticleGroup",
        "updateArticleGroup",
        "deleteArticleGroup",
    }
)
