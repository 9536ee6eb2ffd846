"""``python -m syncyard_common.auth.mint --tenant UUID [--role admin]``: print a bearer token."""

import argparse
import uuid

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.settings import BaseServiceSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mint an API token for a tenant.")
    parser.add_argument("--tenant", type=uuid.UUID, required=True)
    parser.add_argument("--role", type=Role, default=Role.ADMIN, choices=list(Role))
    parser.add_argument("--ttl", type=int, default=86400, help="seconds")
    parser.add_argument("--subject", default="cli")
    args = parser.parse_args(argv)
    settings = BaseServiceSettings()
    if not 0 < args.ttl <= settings.token_max_lifetime_seconds:
        parser.error(
            f"--ttl must be 1..{settings.token_max_lifetime_seconds} seconds "
            "(SYNCYARD_TOKEN_MAX_LIFETIME_SECONDS): services refuse longer-lived tokens"
        )
    secret = settings.jwt_secret.get_secret_value()
    token = tokens.mint(
        tenant_id=args.tenant,
        role=args.role,
        secret=secret,
        ttl_seconds=args.ttl,
        subject=args.subject,
    )
    print(token)  # noqa: T201 - the CLI's output


if __name__ == "__main__":
    main()
