// The Snowball runtime the generated stemmers (polish.js, english.js) run on: a line-by-line
// port of basestemmer.py and among.py of snowballstemmer 3.1.1, only the operations the
// generated code of those two languages calls. Kept in step with scripts/snowball_js.py.
// Snowball: Copyright (c) 2001 Dr Martin Porter, 2004-2005 Richard Boulton, 2013 Yoshiki
// Shibukawa, 2006-2025 Olly Betts. BSD 3-clause licence: see LICENSE-snowball.txt.
(function (root) {
  "use strict";

  function Among(s, substring_i, result, method) {
    this.s = s;
    this.substring_i = substring_i;
    this.result = result;
    this.method = method;
  }

  function BaseStemmer() {
    this.set_current("");
  }

  BaseStemmer.prototype.set_current = function (value) {
    this.current = value;
    this.cursor = 0;
    this.limit = this.current.length;
    this.limit_backward = 0;
    this.bra = this.cursor;
    this.ket = this.limit;
  };

  BaseStemmer.prototype.get_current = function () {
    return this.current;
  };

  // Groupings are strings of single characters (Python: sets of characters).
  BaseStemmer.prototype.in_grouping = function (s) {
    if (this.cursor >= this.limit) return false;
    if (s.indexOf(this.current[this.cursor]) < 0) return false;
    this.cursor += 1;
    return true;
  };

  BaseStemmer.prototype.go_in_grouping = function (s) {
    while (this.cursor < this.limit) {
      if (s.indexOf(this.current[this.cursor]) < 0) return true;
      this.cursor += 1;
    }
    return false;
  };

  BaseStemmer.prototype.in_grouping_b = function (s) {
    if (this.cursor <= this.limit_backward) return false;
    if (s.indexOf(this.current[this.cursor - 1]) < 0) return false;
    this.cursor -= 1;
    return true;
  };

  BaseStemmer.prototype.go_in_grouping_b = function (s) {
    while (this.cursor > this.limit_backward) {
      if (s.indexOf(this.current[this.cursor - 1]) < 0) return true;
      this.cursor -= 1;
    }
    return false;
  };

  BaseStemmer.prototype.out_grouping = function (s) {
    if (this.cursor >= this.limit) return false;
    if (s.indexOf(this.current[this.cursor]) < 0) {
      this.cursor += 1;
      return true;
    }
    return false;
  };

  BaseStemmer.prototype.go_out_grouping = function (s) {
    while (this.cursor < this.limit) {
      if (s.indexOf(this.current[this.cursor]) >= 0) return true;
      this.cursor += 1;
    }
    return false;
  };

  BaseStemmer.prototype.out_grouping_b = function (s) {
    if (this.cursor <= this.limit_backward) return false;
    if (s.indexOf(this.current[this.cursor - 1]) < 0) {
      this.cursor -= 1;
      return true;
    }
    return false;
  };

  BaseStemmer.prototype.go_out_grouping_b = function (s) {
    while (this.cursor > this.limit_backward) {
      if (s.indexOf(this.current[this.cursor - 1]) >= 0) return true;
      this.cursor -= 1;
    }
    return false;
  };

  BaseStemmer.prototype.eq_s = function (s) {
    if (this.limit - this.cursor < s.length) return false;
    if (this.current.slice(this.cursor, this.cursor + s.length) !== s) return false;
    this.cursor += s.length;
    return true;
  };

  BaseStemmer.prototype.eq_s_b = function (s) {
    if (this.cursor - this.limit_backward < s.length) return false;
    if (this.current.slice(this.cursor - s.length, this.cursor) !== s) return false;
    this.cursor -= s.length;
    return true;
  };

  BaseStemmer.prototype.find_among = function (v) {
    var i = 0, j = v.length, c = this.cursor, l = this.limit;
    var common_i = 0, common_j = 0, first_key_inspected = false;
    while (true) {
      var k = i + ((j - i) >> 1), diff = 0;
      var common = Math.min(common_i, common_j), w = v[k];
      for (var i2 = common; i2 < w.s.length; i2++) {
        if (c + common === l) { diff = -1; break; }
        diff = this.current.charCodeAt(c + common) - w.s.charCodeAt(i2);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
      if (j - i <= 1) {
        if (i > 0) break;
        if (j === i) break;
        if (first_key_inspected) break;
        first_key_inspected = true;
      }
    }
    while (true) {
      var m = v[i];
      if (common_i >= m.s.length) {
        this.cursor = c + m.s.length;
        if (m.method === null) return m.result;
        if (m.method.call(this)) {
          this.cursor = c + m.s.length;
          return m.result;
        }
      }
      i = m.substring_i;
      if (i < 0) return 0;
    }
  };

  BaseStemmer.prototype.find_among_b = function (v) {
    var i = 0, j = v.length, c = this.cursor, lb = this.limit_backward;
    var common_i = 0, common_j = 0, first_key_inspected = false;
    while (true) {
      var k = i + ((j - i) >> 1), diff = 0;
      var common = Math.min(common_i, common_j), w = v[k];
      for (var i2 = w.s.length - 1 - common; i2 >= 0; i2--) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.current.charCodeAt(c - 1 - common) - w.s.charCodeAt(i2);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
      if (j - i <= 1) {
        if (i > 0) break;
        if (j === i) break;
        if (first_key_inspected) break;
        first_key_inspected = true;
      }
    }
    while (true) {
      var m = v[i];
      if (common_i >= m.s.length) {
        this.cursor = c - m.s.length;
        if (m.method === null) return m.result;
        if (m.method.call(this)) {
          this.cursor = c - m.s.length;
          return m.result;
        }
      }
      i = m.substring_i;
      if (i < 0) return 0;
    }
  };

  BaseStemmer.prototype.replace_s = function (c_bra, c_ket, s) {
    var adjustment = s.length - (c_ket - c_bra);
    this.current = this.current.slice(0, c_bra) + s + this.current.slice(c_ket);
    this.limit += adjustment;
    if (this.cursor >= c_ket) this.cursor += adjustment;
    else if (this.cursor > c_bra) this.cursor = c_bra;
    return adjustment;
  };

  BaseStemmer.prototype.slice_from = function (s) {
    this.replace_s(this.bra, this.ket, s);
    this.ket = this.bra + s.length;
  };

  BaseStemmer.prototype.slice_del = function () {
    this.slice_from("");
  };

  BaseStemmer.prototype.insert = function (c_bra, c_ket, s) {
    var adjustment = this.replace_s(c_bra, c_ket, s);
    if (c_bra <= this.bra) this.bra += adjustment;
    if (c_bra <= this.ket) this.ket += adjustment;
  };

  BaseStemmer.prototype.slice_to = function () {
    return this.current.slice(this.bra, this.ket);
  };

  BaseStemmer.prototype.stemWord = function (word) {
    this.set_current(word);
    this._stem();
    return this.get_current();
  };

  root.kkSnowball = { Among: Among, BaseStemmer: BaseStemmer, stemmers: {} };
})(self);
