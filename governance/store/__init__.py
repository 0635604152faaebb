"""The DuckDB store: schema files, the connection helper, and building a database."""

from governance.store.connection import connect
from governance.store.initialise import InitResult, init_database, write_register

__all__ = ["InitResult", "connect", "init_database", "write_register"]
