"""The filterable catalogue that two features share: the good-practice catalogue and a local
edition's basket of services. One filter form (catalogue-filters.html here, included from each
feature's own template), one stylesheet and one script (overrides/assets/); each feature brings its
own cards and its URL parameters (data-kk-params)."""

from __future__ import annotations

from pathlib import Path

# The folder of the shared template fragment: a feature's Templates(…, shared=(FRAGMENTS,)).
FRAGMENTS = Path(__file__).parent
FORM = "catalogue-filters.html"
STYLESHEET = "assets/css/catalogue-filter.css"
SCRIPT = "assets/js/catalogue-filter.js"
