"""Renderers: pure functions from reports to text. Only :mod:`mtqa.cli` writes them anywhere."""
