"""Read a YAML file and remember the line of every value, so errors can name it.

PyYAML's `safe_load` forgets positions; composing the node tree first keeps
them. `YamlSource.line(path)` answers "on which line is `purposes[3].legal_basis`?"
with the nearest enclosing node that exists (a missing key is reported at the
line of the entry that lacks it).

The file is read with `RegisterLoader`, a `SafeLoader` with two changes that
keep a register author's intent: only `true`/`false` are booleans (so the
country code `NO` stays the text "NO", not False), and a date-like value that
is not a real date (`2024-02-30`) stays text, so that the model reports it at
its line instead of the parser failing on the whole file.

Faults the YAML itself can show but the parsed data cannot (a key written twice
in one mapping, of which PyYAML silently keeps the last) are collected in
`YamlSource.problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from governance.errors import Problem, RegisterError

YamlPath = tuple[Any, ...]

_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

#: Hints for PyYAML messages that mean little to someone editing a register.
_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": "YAML indents with spaces, not tabs",
    "mapping values are not allowed here": (
        "quote a value that contains ': ', or check the indentation"
    ),
    "expected <block end>": "check this line's indentation against the lines above",
}


class RegisterLoader(yaml.SafeLoader):
    """`SafeLoader` with YAML 1.2 booleans, and impossible dates kept as text."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_register_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date or datetime, or the text itself when it is no real calendar date."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


RegisterLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
RegisterLoader.add_constructor(_TIMESTAMP_TAG, RegisterLoader.construct_register_timestamp)


def format_path(path: YamlPath) -> str:
    """`("purposes", 3, "legal_basis")` -> `purposes[3].legal_basis`."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class YamlSource:
    """The parsed data of one YAML file plus the line of every node in it.

    `problems` holds faults found while reading the YAML (duplicate keys) that
    the data alone no longer shows.
    """

    file: str
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: YamlPath) -> int | None:
        """Line (1-based) of the value at `path`, or of its nearest existing parent."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def problem(self, path: YamlPath, reason: str) -> Problem:
        """A `Problem` located at `path` in this file."""
        return Problem(
            file=self.file, location=format_path(path), reason=reason, line=self.line(path)
        )


def read_yaml(path: Path) -> YamlSource:
    """Parse `path`; unreadable or malformed YAML raises a `RegisterError` with the line."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegisterError([Problem(name, "", "file not found")]) from None
    except OSError as exc:
        raise RegisterError([Problem(name, "", f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reason = (
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded "
            "(save the file with UTF-8 encoding)"
        )
        raise RegisterError([Problem(name, "", reason, line=line)]) from None
    # the same newline handling as text mode, so line numbers match an editor's
    return parse_yaml(text.replace("\r\n", "\n").replace("\r", "\n"), name)


def parse_yaml(text: str, name: str) -> YamlSource:
    """Parse YAML `text` (named `name` in messages) keeping node lines."""
    loader = RegisterLoader(text)
    try:
        root = loader.get_single_node()
        source = YamlSource(file=name, data=None)
        if root is not None:
            # lines first: constructing flattens merge keys (`<<:`) into the node tree
            _collect_lines(loader, root, (), source)
            source.data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        reason, line = _syntax_reason(exc, text)
        raise RegisterError([Problem(name, "", reason, line=line)]) from None
    finally:
        loader.dispose()
    source.problems.sort(key=lambda p: p.line or 0)
    return source


def _syntax_reason(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """The reason and line of a YAML syntax error, in terms a register author can act on.

    The line is where the parser stopped, except when it stopped at the end of
    the file (an unclosed quote or bracket): then the line where the unclosed
    construct started is the one to look at.
    """
    problem = exc.problem or str(exc)
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
    context_line = exc.context_mark.line + 1 if exc.context_mark is not None else None
    if exc.context == "expected a single document in the stream":
        return "a register is one YAML document; found a second one (a '---' line)", problem_line
    at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
    if at_end and exc.context == "while scanning a quoted scalar":
        return "invalid YAML: a quote opened on this line is never closed", context_line
    reason = f"invalid YAML: {problem}"
    if exc.context and context_line is not None and context_line != problem_line:
        reason += f" ({exc.context} started at line {context_line})"
    hint = next((hint for start, hint in _SYNTAX_HINTS.items() if problem.startswith(start)), None)
    if hint:
        reason += f"; {hint}"
    if at_end and context_line is not None:
        return reason, context_line
    return reason, problem_line


def _collect_lines(
    loader: RegisterLoader, node: yaml.Node, path: YamlPath, source: YamlSource
) -> None:
    """Record the line of `node` and everything under it; note keys written twice."""
    source.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = _key_of(loader, key_node)
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                source.problems.append(
                    Problem(
                        source.file,
                        format_path((*path, key)),
                        f"key written twice in one mapping (first at line {first_line[key]}); "
                        "YAML keeps only this one, so remove or merge the other",
                        key_line,
                    )
                )
            else:
                first_line[key] = key_line
            _collect_lines(loader, value_node, (*path, key), source)
            # the key's own line wins: "name:" is where a person looks
            source.lines[(*path, key)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(loader, item, (*path, index), source)


def _key_of(loader: RegisterLoader, key_node: yaml.Node) -> Any:
    """The key as it appears in the parsed data (`2024:` is the int 2024, not "2024")."""
    if not isinstance(key_node, yaml.ScalarNode):
        return key_node.value
    return loader.construct_object(key_node)
