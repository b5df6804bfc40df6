"""JupyterHub configuration of the Swarm hub image: every setting comes from the environment.

The variables are described in docs/hub.md; bad values stop the hub before it starts, with one
line per bad variable on stderr and exit status 2.
"""

from nestgen.hubconfig import apply_or_exit

apply_or_exit(get_config())  # noqa: F821 - get_config is provided by JupyterHub's config loader
