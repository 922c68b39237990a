"""What several features need: page references and links, citations, language helpers.

A feature imports from here, never from another feature.
"""
