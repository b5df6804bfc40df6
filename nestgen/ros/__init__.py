"""ROS templates as Python objects, and the parameter-group library that fills them."""

from nestgen.ros.conditions import And, Cond, Eq, Not, Or
from nestgen.ros.model import Parameter, ParameterGroup, Template, Text

__all__ = ["And", "Cond", "Eq", "Not", "Or", "Parameter", "ParameterGroup", "Template", "Text"]
