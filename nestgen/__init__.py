"""nestgen: generate, lint and publish Alibaba Cloud Compute Nest service packages."""

__version__ = "0.1.0"
