"""Księga Kooperacji: the logic behind the handbook site (ARCHITECTURE.md).

Layers, arrows pointing down only:
  adapters (hooks/, ksiega.cli, ksiega.bench) -> ksiega.site (the composition)
  -> features (ksiega.features.*, ksiega.pdf, ksiega.search; never each other)
  -> ksiega.toolkit (links, citations, language helpers) -> ksiega.core (foundations).
Nothing here imports MkDocs: the hooks hand MkDocs events to these functions.
"""

import time

# When this copy of the package was imported: the live preview imports it afresh when a file of
# it is newer (hooks/serve.py).
LOADED_AT = time.time()
