"""Resources read from disk: the memory-mapped word-count store, local Hugging Face models
(never downloaded) and the sentence encoders with their embedding cache.
"""
