"""Publishing: read the package and the remote state, plan the difference, apply it.

``plan_publish`` and ``apply_plan`` are the entry points; the SDKs are imported only
through :mod:`nestgen.cloud` when a call is made.
"""
