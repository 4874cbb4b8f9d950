"""Kept for existing imports: the readers live in :mod:`mtqa.inputs`, one module per format."""

from mtqa.inputs import BadItem, FeedItem, read_inputs, read_text

__all__ = ["BadItem", "FeedItem", "read_inputs", "read_text"]
