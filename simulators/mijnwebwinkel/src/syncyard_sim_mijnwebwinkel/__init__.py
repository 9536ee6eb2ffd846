"""In-memory simulator of the MijnWebwinkel (MyOnlineStore Connect) API, version 1."""
