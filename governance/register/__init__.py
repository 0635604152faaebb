"""The register: declared facts about processing, from YAML (or Fides manifests) to models."""

from governance.register.loader import load_register, register_from_text, register_hash
from governance.register.models import Register

__all__ = ["Register", "load_register", "register_from_text", "register_hash"]
