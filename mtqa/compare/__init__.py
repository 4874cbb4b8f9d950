"""``mtqa compare``: which MT engine is better on the same feed, where, and how sure.

The articles of a feed name their engine (``meta.engine``); translations of the same source are
grouped (:mod:`.groups`), checked as ``mtqa batch`` checks them, then each gets a reference-free
comparison score from its agreement with the other engines and mtqa's own signals
(:mod:`.agreement`, :mod:`.signals`), and the engines are ranked with bootstrap intervals and paired,
corrected significance tests (:mod:`.stats`, :mod:`.ranking`). :mod:`.outputs` and :mod:`.html`
write what users read. Nothing here is imported by ``import mtqa``.
"""

RESAMPLES = 1000  # bootstrap and approximate-randomization resamples: sacreBLEU's default
