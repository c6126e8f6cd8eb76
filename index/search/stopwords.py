"""English function words: what a sentence-long query or a paper's key terms can do without.

The index keeps every word but Whoosh's short stop list, so a two-word query such as
``the who`` still works; these are dropped only where a query reads as a sentence and
where related papers pick the words they share.
"""

from __future__ import annotations

FUNCTION_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anyhow anyone anything anyway anywhere
are around as at be became because become becomes been before beforehand behind being
below beside besides between beyond both but by can cannot could did do does doing done
down during each eg e.g either else elsewhere enough especially etc even ever every
everyone everything everywhere except few for former formerly from further furthermore
had has have having he hence her here hereby herein hers herself him himself his how
however i ie i.e if in indeed into is it its itself just last latter least less let like
many may me meanwhile might mine more moreover most mostly much must my myself namely
neither never nevertheless next no nobody none nor not nothing now nowhere of off often
on once one only onto or other others otherwise our ours ourselves out over own per
perhaps please quite rather really same self several shall she should since so some
somehow someone something sometime sometimes somewhere still such than that the their
theirs them themselves then thence there thereafter thereby therefore therein thereupon
these they this those though through throughout thru thus to together too toward towards
under until up upon us very via was we well were what whatever when whence whenever where
whereafter whereas whereby wherein whereupon wherever whether which while whither who
whoever whole whom whose why will with within without would yet you your yours yourself
yourselves
""".split())  # noqa: SIM905 - a word list reads better as text
