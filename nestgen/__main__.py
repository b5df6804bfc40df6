"""``python -m nestgen``: the same as the ``nestgen`` command."""

from nestgen.cli import main

main()
