"""Rule families, one module each; :mod:`nestgen.lint.registry` lists them explicitly."""
