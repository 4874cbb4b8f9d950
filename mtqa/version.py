"""The version of mtqa, in a module of its own: the signature and the renderers read it without
importing the package's public API (``mtqa/__init__.py``), whose ``check`` imports the pipeline."""

__version__ = "0.1.0"
