"""Package files Compute Nest reads from OSS (templates, icons, guides): upload or leave.

A file is named by its content digest (``<stem>-<16 hex><suffix>``). It is left alone when
the service already points at that name; otherwise nestgen asks for its upload location and
checks (HEAD) whether an earlier run that stopped before writing the service put it there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from nestgen.cloud.oss import UploadTarget
from nestgen.publish.content import holds, upload, upload_target
from nestgen.publish.steps.base import LEAVE, TRANSIENT, PlanContext, Run, line


@dataclass(frozen=True)
class FileStep:
    """One package file: ``upload``, or ``leave`` (the same content is already there)."""

    kind: ClassVar[str] = "file"
    path: str
    upload_name: str
    action: str
    url: str | None = None
    # the upload location asked for while planning: used by apply, never shown or saved
    target: UploadTarget | None = field(
        default=None, repr=False, compare=False, metadata={TRANSIENT: True}
    )

    def lines(self) -> list[str]:
        return [line(self.action, f"file {self.path} -> {self.upload_name}")]

    def apply(self, run: Run) -> str | None:
        if self.action == LEAVE:
            assert self.url is not None
            run.urls[self.path] = self.url
            return None
        local = run.pkg.files[self.path]
        target = self.target or upload_target(run.session, self.upload_name, "public")
        url = upload(run.session, target, local, self.upload_name)
        run.urls[self.path] = run.uploads[self.path] = url
        return f"file {self.path}: uploaded"


def _step(ctx: PlanContext, path: str, known: dict[str, Any]) -> FileStep:
    local = ctx.pkg.files[path]
    name = local.upload_name
    if name in known:
        return FileStep(path, name, LEAVE, known[name])
    target = upload_target(ctx.session, name, "public")
    if holds(ctx.session, target, local.data):
        return FileStep(path, name, LEAVE, target.public_url)
    return FileStep(path, name, "upload", target=target)


def plan(ctx: PlanContext) -> list[FileStep]:
    """No call for a file the service names; GetUploadCredentials and a HEAD otherwise."""
    urls = ctx.remote.urls() if ctx.remote else []
    known = {url.rsplit("/", 1)[-1]: url for url in urls}
    return [_step(ctx, path, known) for path in sorted(ctx.pkg.files)]
