"""`python -m syncyard_sim_shopify --host 127.0.0.1 --port 8102`."""

import argparse

import uvicorn


def main() -> None:
    """Parse host/port and serve the app factory."""
    parser = argparse.ArgumentParser(description="Shopify Admin API simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8102)
    args = parser.parse_args()
    uvicorn.run("syncyard_sim_shopify.app:create_app", factory=True, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
