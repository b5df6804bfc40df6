"""Group 6, outputs: each has a Value; the console's output order names real outputs."""

from __future__ import annotations

from collections.abc import Iterator

from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import has

OUTPUT_KEYS = frozenset({"Value", "Description", "Condition", "Label", "NoEcho"})


@rule("E5001", "Every output is a mapping with a Value; ROS rejects others")
def output_value(ctx: Context) -> Iterator[Hit]:
    for name, output in ctx.outputs.items():
        if not isinstance(output, dict):
            yield Hit(("Outputs", name), f"output {name!r} must be a mapping", value=True)
        elif "Value" not in output:
            yield Hit(("Outputs", name), f"output {name!r} has no Value")


@rule(
    "W5002", "Outputs use only Value, Description, Condition, Label and NoEcho; others are ignored"
)
def output_keys(ctx: Context) -> Iterator[Hit]:
    for name, output in ctx.outputs.items():
        for key in output if isinstance(output, dict) else ():
            if key not in OUTPUT_KEYS:
                yield Hit(("Outputs", name, key), f"unknown key {key!r} in output {name!r}")


@rule("W5003", "The Interface Outputs order names declared outputs; the console skips other names")
def interface_outputs(ctx: Context) -> Iterator[Hit]:
    names = ctx.interface.get("Outputs")
    for index, name in enumerate(names if isinstance(names, list) else []):
        if not has(ctx.outputs, name):
            yield Hit(
                ("Metadata", "ALIYUN::ROS::Interface", "Outputs", index),
                f"Interface Outputs names {name!r}, which is not an output",
                value=True,
            )


RULES = (output_value, output_keys, interface_outputs)
