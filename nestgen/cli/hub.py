"""``nestgen hub``: check, show and render the hub settings (Swarm image and ACK service)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from nestgen import yamlio
from nestgen.cli import SuggestingGroup
from nestgen.cli.output import OUTPUT, emit
from nestgen.errors import UsageError

if TYPE_CHECKING:  # the hub modules load only when a hub command runs
    from nestgen.hubconfig import HubSettings

ENV_FILE = click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read KEY=VALUE lines from FILE instead of the environment.",
)


def _settings(env_file: Path | None, *, swarm: bool = True) -> HubSettings:
    from nestgen.hubconfig import HubSettings
    from nestgen.hubconfig.report import environ_from

    settings = HubSettings.from_env(environ_from(env_file), swarm=swarm)
    for note in settings.warnings:
        click.echo(f"warning: {note}", err=True)
    return settings


@click.group(cls=SuggestingGroup)
def hub() -> None:
    """Hub settings for the Swarm image and the ACK service."""


@hub.command()
@ENV_FILE
@click.option(
    "--for",
    "target",
    type=click.Choice(["swarm", "helm"]),
    default="swarm",
    show_default=True,
    help="swarm: the Swarm hub image; helm: Helm values for the ACK service (no network needed).",
)
def check(env_file: Path | None, target: str) -> None:
    """Validate every hub variable; exit 2 listing each bad one."""
    settings = _settings(env_file, swarm=target == "swarm")
    click.echo(f"ok: {len(settings.source)} hub variable(s) set, the rest at their defaults")
    if target == "helm":
        from nestgen.hubconfig import helm_unmapped

        for variable, why in helm_unmapped(settings):
            click.echo(f"note: {variable}: {why}", err=True)


@hub.command()
@ENV_FILE
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def config(env_file: Path | None, fmt: str) -> None:
    """Print the resolved traits (class -> trait -> value), secrets masked."""
    from nestgen.hubconfig.report import resolved_config

    data = resolved_config(_settings(env_file))
    click.echo(json.dumps(data, indent=2, sort_keys=True))


@hub.command("helm-values")
@ENV_FILE
@OUTPUT
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True
)
@click.option(
    "--include-secrets",
    is_flag=True,
    help="Put the proxy token and database password in the values (needs --output).",
)
def helm_values_command(
    env_file: Path | None, output: Path | None, fmt: str, include_secrets: bool
) -> None:
    """Render the settings as zero-to-jupyterhub values; notes go to standard error."""
    from nestgen.hubconfig import helm_unmapped, helm_values

    if include_secrets and output is None:
        raise UsageError("--include-secrets writes secrets: give --output FILE")
    settings = _settings(env_file, swarm=False)
    values = helm_values(settings, include_secrets=include_secrets)
    text = json.dumps(values, indent=2) + "\n" if fmt == "json" else yamlio.dumps(values)
    emit(text, output)
    for variable, why in helm_unmapped(settings, include_secrets=include_secrets):
        click.echo(f"note: {variable}: {why}", err=True)


@hub.command()
@ENV_FILE
@OUTPUT
@click.option("--hub-image", default=None, help="The hub image (default nestgen/swarm-hub).")
@click.option("--proxy-image", default=None, help="The configurable-http-proxy image.")
def stack(
    env_file: Path | None, output: Path | None, hub_image: str | None, proxy_image: str | None
) -> None:
    """Write a docker stack deploy file for the proxy and the hub."""
    from nestgen.hubconfig.stack import DEFAULT_HUB_IMAGE, DEFAULT_PROXY_IMAGE, stack_file

    settings = _settings(env_file)
    emit(
        stack_file(
            settings,
            hub_image=hub_image or DEFAULT_HUB_IMAGE,
            proxy_image=proxy_image or DEFAULT_PROXY_IMAGE,
        ),
        output,
    )
