"""The filterable catalogue that two features share: the good-practice catalogue and a local
edition's basket of services. One template macro (catalogue.html here: the filter form, the count,
the list; each feature's own template writes the inside of its cards), one stylesheet and one
script (overrides/assets/); each feature brings its cards and its URL parameters (data-kk-params)."""

from __future__ import annotations

from pathlib import Path

# The folder of the shared template fragment: a feature's Templates(…, shared=(FRAGMENTS,)).
FRAGMENTS = Path(__file__).parent
STYLESHEET = "assets/css/catalogue.css"
SCRIPT = "assets/js/catalogue-filter.js"
