"""Feeds at scale: the batch run and its outputs, the worker engines (processes, Dask), their time
and memory limits, and the lock on an output folder.
"""
