"""Bearer JWTs carrying the tenant id and role; every query is scoped to that tenant."""
