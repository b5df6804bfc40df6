"""Cloud plumbing: credentials, SDK clients, retries, OSS uploads, OCI pushes, Helm repos.

Nothing here imports an ``alibabacloud_*`` module or ``oss2`` at import time; the SDKs
load inside the functions that need them, so commands that never talk to the cloud stay
fast.
"""
