"""Run the rules over loaded files and turn their hits into placed findings."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nestgen.errors import InputError
from nestgen.lint.config import LintConfig, split_ids
from nestgen.lint.context import Context, PackageTemplate, SourceFile
from nestgen.lint.discover import discover, load_source, unique
from nestgen.lint.finding import Finding, severity_rank
from nestgen.lint.registry import CRASH_RULE, RULES, RULES_BY_ID
from nestgen.lint.rule import Hit, Rule
from nestgen.lint.walk import get_path
from nestgen.yamlio import locate

TEMPLATE_LISTS = (
    ("Service", "DeployMetadata", "TemplateConfigs"),
    ("Service", "DeployMetadata", "SupplierDeployMetadata", "SupplierTemplateConfigs"),
)
PARAMETER_FILES = (".computenest_parameters.yaml", "preset_parameters.yaml")


@dataclass
class LintResult:
    """The findings of one run (sorted) and the files that were looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        """True when at least one finding is an error."""
        return any(f.severity == "error" for f in self.findings)

    def at_least(self, severity: str) -> list[Finding]:
        """The findings at ``severity`` or above."""
        rank = severity_rank(severity)
        return [f for f in self.findings if severity_rank(f.severity) >= rank]


def lint_paths(
    paths: Sequence[str | Path], *, config: LintConfig | None = None, jobs: int = 1
) -> LintResult:
    """Lint files and folders; a config.yaml brings in the templates it names.

    ``jobs`` > 1 lints independent units in that many worker processes when the run is
    large enough (see :mod:`nestgen.lint.parallel`); the result is the same.
    """
    config = config or LintConfig()
    with gc_paused():
        if jobs > 1:
            from nestgen.lint import parallel

            candidates = parallel.plan(paths)
            if candidates is not None and parallel.worth_it(candidates):
                return parallel.lint_parallel(candidates, paths, config, jobs)
        return _lint_sources(discover(paths), config)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run, then restore it.

    Loading makes hundreds of thousands of small containers that all stay alive until the
    run ends, and hold no reference cycles; the collector would walk them again and again
    (a third of a one-process corpus run).  Refcounting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lint_package(
    package_dir: Path, *, config: LintConfig | None = None, jobs: int = 1
) -> LintResult:
    """Lint a package: its config.yaml, the templates it names, and its parameter files."""
    package_dir = Path(package_dir)
    config_file = next(
        (
            p
            for p in (package_dir / "config.yaml", package_dir / ".computenest" / "config.yaml")
            if p.is_file()
        ),
        None,
    )
    if config_file is None:
        raise InputError(f"{package_dir}: no config.yaml in this package")
    extra = [config_file.parent / n for n in PARAMETER_FILES if (config_file.parent / n).is_file()]
    return lint_paths([config_file, *extra], config=config, jobs=jobs)


def _lint_sources(sources: list[SourceFile], config: LintConfig) -> LintResult:
    known = {s.key: s for s in sources}
    packages = {id(s): _package(s, sources, known) for s in list(sources) if s.kind == "config"}
    sources = unique(sources)
    findings: set[Finding] = set()
    for source in sources:
        findings.update(file_findings(source, config, packages.get(id(source), [])))
    return LintResult(sorted(findings, key=Finding.sort_key), [s.display for s in sources])


def file_findings(
    source: SourceFile, config: LintConfig, package: list[PackageTemplate]
) -> list[Finding]:
    """One file's findings (a config's with its package), the file's own ignores applied."""
    settings = _file_config(source, config)
    return [f for f in _lint_source(source, settings, package) if not settings.ignores(f.rule)]


def _package(
    source: SourceFile, sources: list[SourceFile], known: dict[Path, SourceFile]
) -> list[PackageTemplate]:
    """The templates a config names, loaded (reusing files already in the run)."""
    templates = []
    for name, url, path_in_config in named_templates(source):
        path = source.path.parent / url
        template = known.get(path.resolve()) if path.exists() else None
        if template is None and path.is_file():
            template = load_source(path, explicit=True)
            known[path.resolve()] = template
            sources.append(template)
        templates.append(PackageTemplate(name, url, path_in_config, template))
    return templates


def named_templates(config: SourceFile) -> Iterator[tuple[str, str, tuple]]:
    """(name, url, path in the config) of every local template a service config names."""
    data = config.doc.data if config.doc else None
    for list_path in TEMPLATE_LISTS:
        entries = get_path(data, list_path)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            url = entry.get("Url") if isinstance(entry, dict) else None
            if isinstance(url, str) and "://" not in url:
                yield str(entry.get("Name", "")), url, (*list_path, index)


def _file_config(source: SourceFile, config: LintConfig) -> LintConfig:
    """Add the template's own ignores (``Metadata.nestgen.lint.ignore``)."""
    data = source.doc.data if source.doc else None
    settings = get_path(data, ("Metadata", "nestgen", "lint"))
    ignore = settings.get("ignore") if isinstance(settings, dict) else None
    if isinstance(ignore, list):
        return config.with_ignores(split_ids(str(i) for i in ignore))
    return config


def _lint_source(
    source: SourceFile, config: LintConfig, package: list[PackageTemplate]
) -> Iterator[Finding]:
    data = source.doc.data if source.doc else None
    root = Context(source, config, data, (), package)
    for template in package:
        if template.source and template.source.doc and isinstance(template.source.doc.data, dict):
            template.context = Context(template.source, config, template.source.doc.data)
    yield from _run(_rules_for("any"), root)
    if not isinstance(data, dict) or source.error is not None:
        return
    if source.kind == "template":
        for context in _template_contexts(root):
            yield from _run(_rules_for("template"), context)
    elif source.kind == "config":
        yield from _run(_rules_for("config"), root)


_BY_KIND: dict[str, tuple[Rule, ...]] = {}
_BY_KIND_OF: list[tuple[Rule, ...]] = []  # the RULES the table was made from


def _rules_for(kind: str) -> tuple[Rule, ...]:
    """The rules for one kind of file ("any": those for every kind), listed once per RULES."""
    if not _BY_KIND_OF or _BY_KIND_OF[0] is not RULES:
        _BY_KIND_OF[:] = [RULES]
        _BY_KIND.clear()
    rules = _BY_KIND.get(kind)
    if rules is None:
        if kind == "any":
            rules = tuple(r for r in RULES if len(r.kinds) == 4)
        else:
            rules = tuple(r for r in RULES if kind in r.kinds and len(r.kinds) != 4)
        _BY_KIND[kind] = rules
    return rules


def _template_contexts(root: Context) -> Iterator[Context]:
    """The template and, recursively, every nested stack's inline TemplateBody."""
    yield root
    for path in root.usage.nested:
        body = root.data
        for key in path:
            body = body[key]
        yield from _template_contexts(Context(root.source, root.config, body, (*root.base, *path)))


def _run(rules: Iterable[Rule], context: Context) -> Iterator[Finding]:
    for rule in rules:
        try:
            hits = list(rule.check(context))
        except Exception as exc:  # a crashing rule is a finding, never a traceback
            yield _crash(rule, context, exc)
            continue
        for hit in hits:
            yield _place(rule, context, hit)


def _crash(rule: Rule, context: Context, exc: Exception) -> Finding:
    crash = RULES_BY_ID[CRASH_RULE]
    return Finding(
        crash.id,
        crash.severity,
        context.source.display,
        0,
        0,
        f"rule {rule.id} crashed: {type(exc).__name__}: {exc}",
    )


def _place(rule: Rule, context: Context, hit: Hit) -> Finding:
    doc = hit.doc or context.source.doc
    path = hit.path if hit.doc else (*context.base, *hit.path)
    file = os.path.normpath(doc.filename) if doc else context.source.display
    if hit.line or doc is None:
        line, column = hit.line, hit.column
    else:
        line, column = locate(doc.data, path, value=hit.value)
    return Finding(rule.id, rule.severity, file, line, column, hit.message, tuple(path))


def known_rule_ids() -> list[str]:
    """Every rule id, for validating --ignore."""
    return list(RULES_BY_ID)
