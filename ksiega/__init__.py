"""Księga Kooperacji: the logic behind the handbook site.

Three layers, arrows pointing down only:
  adapters (hooks/, ksiega.cli)  ->  features (glossary, checklists, …)  ->  foundations
  (ksiega.data, ksiega.docs, ksiega.render, ksiega.lang, ksiega.project).
Nothing here imports MkDocs: the hooks hand MkDocs events to these functions.
"""

import time

# When this copy of the package was imported: the live preview imports it afresh when a file of
# it is newer (hooks/serve.py).
LOADED_AT = time.time()
