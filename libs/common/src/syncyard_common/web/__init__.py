"""The FastAPI app factory every service uses, error rendering, readiness."""
