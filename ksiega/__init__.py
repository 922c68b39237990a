"""Księga Kooperacji: the logic behind the handbook site.

Three layers, arrows pointing down only:
  adapters (hooks/, ksiega.cli)  ->  features (glossary, checklists, …)  ->  foundations
  (ksiega.data, ksiega.docs, ksiega.render, ksiega.lang, ksiega.project).
Nothing here imports MkDocs: the hooks hand MkDocs events to these functions.
"""
