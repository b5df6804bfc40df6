"""The ``nestgen`` command line: a click group whose commands load on first use.

Each command lives in its own module under :mod:`nestgen.cli` and only parses options
before calling a typed core function.  This module is the single error boundary: a
:class:`~nestgen.errors.NestgenError` becomes one message and its exit code, anything else
an internal error (exit 3) with a bug-report log; ``--debug`` shows tracebacks instead.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
import traceback
from typing import Any

import click

from nestgen import __version__
from nestgen.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, NestgenError
from nestgen.suggest import did_you_mean

STARTED = time.monotonic()  # --timeout bounds the command from here

# name -> (module, attribute, one-line help).  Listing help never imports a command module.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("nestgen.cli.build", "build", "Generate a Compute Nest service package from a spec."),
    "lint": (
        "nestgen.cli.lint",
        "lint",
        "Lint ROS templates, service configs and parameter files.",
    ),
    "params": ("nestgen.cli.params", "params", "Check deployment parameters; export their schema."),
    "plan": ("nestgen.cli.publish", "plan", "Show what publishing would change (read-only)."),
    "publish": ("nestgen.cli.publish", "publish", "Publish the service package to Compute Nest."),
    "test": (
        "nestgen.cli.test",
        "test",
        "Run the service test cases on the published draft; report per case.",
    ),
    "status": (
        "nestgen.cli.status",
        "status",
        "The service's versions, their states, and what would change (read-only).",
    ),
    "import": ("nestgen.cli.importer", "import_", "Turn an existing package into a spec."),
    "hub": ("nestgen.cli.hub", "hub", "Hub settings for the Swarm image and the ACK service."),
    "preview": (
        "nestgen.cli.preview",
        "preview",
        "Preview the deploy form as a static HTML page.",
    ),
}


class SuggestingGroup(click.Group):
    """A group whose "no such command" error names the closest command."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, self.list_commands(ctx))
            if hint:
                ctx.fail(f"No such command {name!r}{hint}")
        return super().resolve_command(ctx, args)


class LazyGroup(SuggestingGroup):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute, _ = entry
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        return getattr(module, attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nestgen")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short messages.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """nestgen: one declarative spec in, a validated Compute Nest service package out."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _report_internal_error(exc: BaseException) -> str:
    """Write the traceback to a bug-report log and return its path."""
    fd, path = tempfile.mkstemp(prefix="nestgen-crash-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"nestgen {__version__}, Python {sys.version.split()[0]}\n")
        handle.write(f"argv[0]: {sys.argv[0]}  (arguments not recorded: they may hold secrets)\n\n")
        handle.write("".join(traceback.format_exception(exc)))
    return path


def _debug_logging() -> None:
    """``--debug``: nestgen's own debug records (and the SDKs' quieted ones) on stderr."""
    import logging

    logger = logging.getLogger("nestgen")
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler(sys.stderr))
    logger.setLevel(logging.DEBUG)


def run(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting."""
    argv = sys.argv[1:] if args is None else args
    debug = "--debug" in argv
    if debug:
        _debug_logging()
    try:
        result = cli.main(args=argv, prog_name="nestgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    except click.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except NestgenError as exc:
        if debug:
            raise
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        for note in exc.notes():
            click.echo(f"warning: {note}", err=True)
        return exc.exit_code
    except Exception as exc:
        if debug:
            raise
        log = _report_internal_error(exc)
        click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo(f"This is a bug in nestgen; details were written to {log}", err=True)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0


def main() -> Any:
    """Console-script entry point."""
    sys.exit(run())
