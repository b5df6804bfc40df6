"""Deployment parameters as the console judges them: check, JSON Schema export, defaults file."""

from nestgen.params.check import check_parameters
from nestgen.params.defaults import defaults_file
from nestgen.params.files import check_file, load_values
from nestgen.params.problem import Problem, has_errors
from nestgen.params.schema import parameters_schema

__all__ = [
    "Problem",
    "check_file",
    "check_parameters",
    "defaults_file",
    "has_errors",
    "load_values",
    "parameters_schema",
]
