"""The record of processing activities (GDPR Art. 30, Law 94-V Art. 8) from the register tables."""

from governance.ropa.export import COLUMN_HEADINGS, RopaFormat, ropa_table, write_ropa

__all__ = ["COLUMN_HEADINGS", "RopaFormat", "ropa_table", "write_ropa"]
