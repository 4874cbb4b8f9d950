"""The scores: the MQM-style article score (scoring), the estimated rank (quality), source-target
adequacy from sentence embeddings, and the reference-based metrics (sacreBLEU).
"""
