"""Rule packs (kz, gdpr): check -> article, thresholds, deadlines, calendar."""

from governance.frameworks.pack import AVAILABLE, FrameworkPack, load_pack

__all__ = ["AVAILABLE", "FrameworkPack", "load_pack"]
