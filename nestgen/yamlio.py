"""YAML in and out: a position-keeping loader and a deterministic dumper.

The loader composes with libyaml when present (fast) and builds plain ``dict``/``list``
subclasses that remember where every key, value and item came from, so that spec errors,
lint findings and parameter checks can all name ``file:line:column``.  ROS short-form
tags (``!Ref``, ``!GetAtt``, ``!Sub``, ...) load as their long ``Fn::`` forms.  Duplicate
keys do not raise: they are collected on the :class:`Document` with both places.

The dumper always uses the pure-Python emitter so the bytes are the same on every machine.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

import yaml

from nestgen.errors import InputError, Location

try:  # libyaml's composer is several times faster; the result is identical
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class Mark(NamedTuple):
    """A 1-based line and column."""

    line: int
    column: int


# The loader stores PyYAML's own (0-based) mark objects and converts them to Mark on first
# access: most marks are never read, and building a Mark per node doubled the load time.


_NO_MARK = Mark(0, 0)
_new_mark = tuple.__new__


def _as_mark(raw: Any) -> Mark:
    """A :class:`Mark` from a Mark or from a (0-based) PyYAML/libyaml mark object."""
    if raw.__class__ is Mark:
        return raw
    return _new_mark(Mark, (raw.line + 1, raw.column + 1))


def _get_mark(self: YMap | YSeq) -> Mark:
    mark = self._mark
    if mark.__class__ is not Mark:
        self._mark = mark = _as_mark(mark)
    return mark


def _set_mark(self: YMap | YSeq, mark: Mark) -> None:
    self._mark = mark


class YMap(dict):
    """A mapping that remembers the marks of itself, its keys and its values."""

    __slots__ = ("_key_marks", "_lazy", "_mark", "_value_marks")
    _mark: Any  # a Mark, or a PyYAML mark object until first read
    _key_marks: dict[Any, Any]
    _value_marks: dict[Any, Any]
    _lazy: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark = _NO_MARK
        self._key_marks = {}
        self._value_marks = {}
        self._lazy = False

    mark = property(_get_mark, _set_mark, doc="Where this node starts.")

    def _convert(self) -> None:
        if self._lazy:
            self._key_marks = {k: _as_mark(m) for k, m in self._key_marks.items()}
            self._value_marks = {k: _as_mark(m) for k, m in self._value_marks.items()}
            self._lazy = False

    @property
    def key_marks(self) -> dict[Any, Mark]:
        """Where each key starts."""
        self._convert()
        return self._key_marks

    @key_marks.setter
    def key_marks(self, marks: dict[Any, Mark]) -> None:
        self._convert()
        self._key_marks = marks

    @property
    def value_marks(self) -> dict[Any, Mark]:
        """Where each key's value starts."""
        self._convert()
        return self._value_marks

    @value_marks.setter
    def value_marks(self, marks: dict[Any, Mark]) -> None:
        self._convert()
        self._value_marks = marks


class YSeq(list):
    """A sequence that remembers the marks of itself and its items."""

    __slots__ = ("_item_marks", "_lazy", "_mark")
    _mark: Any  # a Mark, or a PyYAML mark object until first read
    _item_marks: list[Any]
    _lazy: bool

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.mark = _NO_MARK
        self._item_marks = []
        self._lazy = False

    mark = property(_get_mark, _set_mark, doc="Where this node starts.")

    @property
    def item_marks(self) -> list[Mark]:
        """Where each item starts."""
        if self._lazy:
            self._item_marks = [_as_mark(m) for m in self._item_marks]
            self._lazy = False
        return self._item_marks

    @item_marks.setter
    def item_marks(self, marks: list[Mark]) -> None:
        self._item_marks = marks
        self._lazy = False


@dataclass(frozen=True)
class DuplicateKey:
    """A key that appears twice in one mapping (the later value wins, as in PyYAML)."""

    key: Any
    first: Mark
    second: Mark
    path: tuple[Any, ...]


@dataclass
class Document:
    """A loaded YAML document: its data, its file name and what the loader noticed."""

    data: Any
    filename: str
    duplicates: list[DuplicateKey] = field(default_factory=list)
    null_keys: list[tuple[Mark, tuple[Any, ...]]] = field(default_factory=list)

    def locate(self, path: Sequence[Any], *, value: bool = False) -> Location:
        """The location of the node at ``path`` (the key, or its value with ``value=True``)."""
        mark = locate(self.data, path, value=value)
        return Location(self.filename, mark.line, mark.column)


class YamlSyntaxError(InputError):
    """The text is not YAML (or not a single YAML document)."""


# ROS short-form tags: ``!Ref X`` is ``{Ref: X}``, ``!Sub ...`` is ``{Fn::Sub: ...}``.
_PLAIN_TAGS = {"Ref": "Ref", "Condition": "Condition"}

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_constructor = yaml.SafeLoader("")  # only its scalar constructors are used


def _mark(node: yaml.Node) -> Mark:
    return _as_mark(node.start_mark)


# Aliases are expanded, so a small file can describe an enormous tree ("billion laughs").
MAX_NODES = 500_000

_ScalarNode = yaml.ScalarNode
_new_map = dict.__new__
_new_seq = list.__new__


class _Builder:
    """Turns a composed node tree into YMap/YSeq/scalars, noting duplicates.

    Plain string scalars (most of a template) are handled inline in the loops of
    :meth:`_mapping` and :meth:`_sequence`; they count against the node budget like any node.
    """

    def __init__(self, filename: str = "<string>") -> None:
        self.duplicates: list[DuplicateKey] = []
        self.null_keys: list[tuple[Mark, tuple[Any, ...]]] = []
        self.filename = filename
        self.budget = MAX_NODES

    def _too_many(self, node: yaml.Node) -> YamlSyntaxError:
        mark = _mark(node)
        return YamlSyntaxError(
            f"more than {MAX_NODES:,} nodes once aliases are expanded",
            location=Location(self.filename, mark.line, mark.column),
        )

    def build(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self._too_many(node)
        tag = node.tag
        if isinstance(node, _ScalarNode):
            if tag == _STR:
                return node.value
            if tag.startswith("!"):
                return self._short_tag(node, path)
            return _constructor.yaml_constructors.get(tag, _unknown_tag)(_constructor, node)
        if tag.startswith("!"):
            return self._short_tag(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path)
        return self._mapping(cast(yaml.MappingNode, node), path)  # the only other kind

    def _sequence(self, node: yaml.SequenceNode, path: tuple[Any, ...]) -> YSeq:
        seq = _new_seq(YSeq)
        seq._mark = node.start_mark
        items = node.value
        seq._item_marks = [item.start_mark for item in items]
        seq._lazy = True
        append = seq.append
        for index, item in enumerate(items):
            if item.tag == _STR and isinstance(item, _ScalarNode):
                self.budget -= 1
                if self.budget < 0:
                    raise self._too_many(item)
                append(item.value)
            else:
                append(self.build(item, (*path, index)))
        return seq

    def _mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> YMap:
        result = _new_map(YMap)
        result._mark = node.start_mark
        key_marks: dict[Any, Any] = {}
        value_marks: dict[Any, Any] = {}
        result._key_marks = key_marks
        result._value_marks = value_marks
        result._lazy = True
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, _ScalarNode):
                self.budget -= 1
                if self.budget < 0:
                    raise self._too_many(key_node)
                key = key_node.value
            elif key_node.tag == _MERGE:
                self._merge(result, value_node, path)
                continue
            else:
                key = self._key(key_node, path)
            if key in key_marks:
                self.duplicates.append(
                    DuplicateKey(key, _as_mark(key_marks[key]), _mark(key_node), path)
                )
            if value_node.tag == _STR and isinstance(value_node, _ScalarNode):
                self.budget -= 1
                if self.budget < 0:
                    raise self._too_many(value_node)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*path, key))
            key_marks[key] = key_node.start_mark
            value_marks[key] = value_node.start_mark
        return result

    def _key(self, key_node: yaml.Node, path: tuple[Any, ...]) -> Any:
        """A key that is not a plain string: built, stringified if a container, noted if null."""
        key = self.build(key_node, path)
        if isinstance(key, list | dict):
            key = str(key)
        if key is None:
            self.null_keys.append((_mark(key_node), path))
        return key

    def _merge(self, result: YMap, value_node: yaml.Node, path: tuple[Any, ...]) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            merged = self.build(source, path)
            if isinstance(merged, YMap):
                for key, value in merged.items():
                    if key not in result:
                        result[key] = value
                        result._key_marks[key] = merged._key_marks[key]
                        result._value_marks[key] = merged._value_marks[key]

    def _short_tag(self, node: yaml.Node, path: tuple[Any, ...]) -> YMap:
        name = node.tag[1:]
        key = _PLAIN_TAGS.get(name) or (name if name.startswith("Fn::") else f"Fn::{name}")
        if isinstance(node, yaml.ScalarNode):
            value: Any = node.value
            if key == "Fn::GetAtt" and "." in value:
                value = YSeq(value.split(".", 1))
                value.mark = _mark(node)
                value.item_marks = [value.mark, value.mark]
        elif isinstance(node, yaml.SequenceNode):
            value = self._sequence(node, (*path, key))
        else:
            value = self._mapping(cast(yaml.MappingNode, node), (*path, key))
        result = YMap({key: value})
        result.mark = _mark(node)
        result._key_marks[key] = result._value_marks[key] = result.mark
        return result


def _unknown_tag(_constructor: Any, node: yaml.Node) -> Any:
    return node.value


_TAG_CACHE_SIZE = 50_000
_TAG_CACHE_TEXT = 64
_implicit_tags: dict[str, str] = {}


class _CachingLoader(_Loader):
    """The usual loader; the implicit tag of a short plain scalar is remembered by its text.

    Templates repeat the same plain words (``Type``, ``Properties``, ``String``...) thousands
    of times, and PyYAML's resolver runs its regular expressions on each.  Its answer for a
    plain scalar depends on the text alone (this loader has no path resolvers).
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _implicit_tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _TAG_CACHE_TEXT and len(_implicit_tags) < _TAG_CACHE_SIZE:
                    _implicit_tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


def loads(text: str | bytes, filename: str = "<string>") -> Document:
    """Parse one YAML document, keeping positions; raise :class:`YamlSyntaxError` on bad YAML."""
    loader = _CachingLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(filename, mark.line + 1, mark.column + 1) if mark else Location(filename)
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise YamlSyntaxError(f"invalid YAML: {problem}", location=where) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", location=Location(filename)) from None
    finally:
        loader.dispose()
    builder = _Builder(filename)
    try:
        data = None if node is None else builder.build(node, ())
    except RecursionError:
        raise YamlSyntaxError(
            "nesting too deep (or an anchor used inside itself)", location=Location(filename)
        ) from None
    return Document(data, filename, builder.duplicates, builder.null_keys)


def load_file(path: str | Path) -> Document:
    """Read and parse a YAML (or JSON) file; unreadable or non-UTF-8 files are input errors."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(str(path))) from None
    if b"\x00" in raw[:8192]:
        raise YamlSyntaxError("binary file, not YAML", location=Location(str(path)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(
            f"not UTF-8 text (byte {exc.start})", location=Location(str(path))
        ) from None
    return loads(text, str(path))


def locate(data: Any, path: Iterable[Any], *, value: bool = False) -> Mark:
    """The deepest known mark along ``path`` (the key's mark unless ``value`` is true)."""
    key_mark = value_mark = getattr(data, "mark", Mark(1, 1))
    current = data
    for step in path:
        if isinstance(current, YMap) and step in current.key_marks:
            key_mark, value_mark = current.key_marks[step], current.value_marks[step]
        elif isinstance(current, YSeq) and isinstance(step, int) and 0 <= step < len(current):
            key_mark = value_mark = current.item_marks[step]
        else:
            break
        current = current[step]
    return value_mark if value else key_mark


# ---------------------------------------------------------------------------- dumping


class _Dumper(yaml.SafeDumper):
    """Block style, insertion order, literal blocks for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent sequences under their key, as ROS and Compute Nest examples do.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(YMap, yaml.SafeDumper.represent_dict)
_Dumper.add_representer(YSeq, yaml.SafeDumper.represent_list)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)
_Dumper.add_representer(_dt.date, yaml.SafeDumper.represent_date)


def dumps(data: Any) -> str:
    """Serialise ``data`` to YAML deterministically (insertion order, UTF-8 text, no wrapping)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
