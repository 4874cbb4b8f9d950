"""Text utilities the stages share: tokens, sentence segmentation, numbers and quantities, names,
placeholders and markup, spelling, word frequencies, feed boilerplate.
"""
