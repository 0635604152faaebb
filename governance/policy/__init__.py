"""The privacy policy rendered from the register, its published versions, and their changes.

`model` builds what a version says from the register tables, `render` words it (Markdown or
self-contained HTML), `store` keeps published texts, `diff` says what changed between versions.
The check `policy.undisclosed_processing` compares what the published version discloses with
what is in use.
"""

from governance.policy.diff import PolicyDiff, diff_versions
from governance.policy.model import PolicyDocument, PolicyError, build_document, known_versions
from governance.policy.render import PolicyFormat, render_policy
from governance.policy.store import (
    PublishResult,
    policy_document,
    policy_text,
    publish_policy,
    stored_versions,
)

__all__ = [
    "PolicyDiff",
    "PolicyDocument",
    "PolicyError",
    "PolicyFormat",
    "PublishResult",
    "build_document",
    "diff_versions",
    "known_versions",
    "policy_document",
    "policy_text",
    "publish_policy",
    "render_policy",
    "stored_versions",
]
