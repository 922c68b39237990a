// Księga Kooperacji: one normaliser for Material's search worker, applied to every word of the
// index and to every word of a query, so both meet on the same term. The Python twin, and the
// description of what a term is, are in ksiega/search.py (Normaliser.term); the tests check
// that both give the same term for every word of the handbook.
//
// Loaded by lunr/min/lunr.kk-<lang>.min.js, which Material's worker imports because the index
// declares that language. Runs inside the worker: `lunr` is Material's copy of lunr.js.
(function (self) {
  "use strict";

  var COMBINING = /[\u0300-\u036f]/g;

  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(COMBINING, "").replace(/\u0142/g, "l");
  }

  // Stop words and the stem map come from the build (search/normalise.json next to the index).
  // A worker may read a file synchronously; without it, words are still stemmed and folded.
  function load(url) {
    try {
      var request = new XMLHttpRequest();
      request.open("GET", url, false);
      request.send(null);
      if (request.status === 200) return JSON.parse(request.responseText);
      console.warn("Search: " + url + " answered " + request.status);
    } catch (err) {
      console.warn("Search: cannot read " + url, err);
    }
    return { stopWords: [], stemMap: {} };
  }

  function Normaliser(stemmer, data) {
    this.stemmer = stemmer;
    this.stopWords = {};
    for (var i = 0; i < data.stopWords.length; i++) this.stopWords[data.stopWords[i]] = true;
    this.stemMap = data.stemMap;
  }

  // The search term of one word, or null for a stop word.
  Normaliser.prototype.term = function (word) {
    word = word.toLowerCase();
    var folded = fold(word);
    if (Object.prototype.hasOwnProperty.call(this.stopWords, folded)) return null;
    if (word === folded && Object.prototype.hasOwnProperty.call(this.stemMap, word))
      return this.stemMap[word];
    return fold(this.stemmer.stemWord(word));
  };

  // Material turns every query word into a prefix query ("rodzinie*"), and lunr passes such
  // words to the index as typed, skipping its pipeline. Normalise them where lunr builds a
  // query clause: once, before matching, and before Material reads the clauses to mark words
  // that matched nothing.
  function normaliseQueries(normaliser) {
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (spec) {
      var parts = /^(\*?)([^*]+)(\*?)$/.exec(spec.term || "");
      if (parts && !spec.normalised) {
        var term = normaliser.term(parts[2]);
        if (term === null) return this;
        spec.term = parts[1] + term + parts[3];
        spec.usePipeline = false;
      }
      return clause.call(this, spec);
    };
  }

  // lunr's Index#search, with two more kinds of clause that only change the ranking (Material
  // reads a query's words from its own parse, which does not see them):
  //  - each prefix word once more as a whole word, weighted more: "gmina" ranks the entry
  //    "Gmina" above "Gminna Grupa…", which only share the prefix "gmin";
  //  - a hyphenated word once more as one word, in the glossary keys only: "G-PZK" finds the
  //    entry whose key is "GPZK" (the text still matches "g" and "pzk").
  var WHOLE_WORD_BOOST = 10;
  var HYPHENATED = /[^\s*+\-~^:]+(?:-[^\s*+\-~^:]+)+/g;

  function rankWholeWords() {
    lunr.Index.prototype.search = function (queryString) {
      return this.query(function (query) {
        new lunr.QueryParser(queryString, query).parse();
        var extra = [];
        query.clauses.forEach(function (spec) {
          var prefix = /^([^*]+)\*$/.exec(spec.term);
          if (prefix && spec.presence !== lunr.Query.presence.PROHIBITED)
            extra.push({
              term: prefix[1], fields: spec.fields, boost: spec.boost * WHOLE_WORD_BOOST,
              usePipeline: false, normalised: true, presence: lunr.Query.presence.OPTIONAL
            });
        });
        if (query.allFields.indexOf("keys") >= 0) {
          var seen = {};
          (queryString.match(HYPHENATED) || []).forEach(function (word) {
            var joined = word.replace(/-/g, "");
            if (seen[joined]) return;
            seen[joined] = true;
            extra.push({
              term: joined, fields: ["keys"], boost: WHOLE_WORD_BOOST,
              wildcard: lunr.Query.wildcard.TRAILING, presence: lunr.Query.presence.OPTIONAL
            });
          });
        }
        extra.forEach(function (spec) { query.clause(spec); });
      });
    };
  }

  // Register the lunr language `code` (what an index names in config.lang) for Snowball's
  // `algorithm`, with the build's data at `data`: a URL relative to the worker script, or the
  // data itself (the offline edition, where a file cannot be read: ksiega/offline).
  function register(code, algorithm, data) {
    var words = typeof data === "string" ? load(data) : data;
    var normaliser = new Normaliser(new self.kkSnowball.stemmers[algorithm](), words);
    var stemmer = function (token) {
      var term = normaliser.term(token.toString());
      return term === null ? null : token.update(function () { return term; });
    };
    lunr.Pipeline.registerFunction(stemmer, code + "-normalise");
    // A lunr plugin, as Material's worker expects of lunr.<code>: our normaliser replaces
    // lunr's English trimmer, stop word filter and stemmer in both pipelines.
    var language = function (builder) {
      builder.pipeline.reset();
      builder.searchPipeline.reset();
      builder.pipeline.add(stemmer);
      builder.searchPipeline.add(stemmer);
    };
    language.stemmer = stemmer;
    lunr[code] = language;
    normaliseQueries(normaliser);
    rankWholeWords();
    self.kkSearch.normaliser = normaliser;
  }

  self.kkSearch = { fold: fold, register: register, normaliser: null };
})(self);
