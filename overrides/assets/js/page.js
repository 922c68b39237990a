/*
 * What every page runs before Material's bundle, from a file so that the Content-Security-Policy
 * needs no 'unsafe-inline' for scripts (deploy/nginx.conf). overrides/main.html links it,
 * not deferred, right before the bundle, with the page's scope in data-md-scope.
 *
 * 1. Material 9.8.1's inline helpers (partials/javascripts/base.html and content.html, emptied in
 *    overrides/partials/javascripts/): __md_scope, __md_hash, __md_get, __md_set, and the check of
 *    the tab named in the address. Keep in sync with Material when upgrading.
 * 2. The search index waits until the reader opens search: Material asks for
 *    <base>/search/search_index.json with XMLHttpRequest as soon as the page loads; this holds back
 *    that one request's send() until search takes focus or opens (click, tap, the "/" or "s" key),
 *    or the address asks for a search (?q=).
 */
(function () {
  var script = document.currentScript;
  var scope = (script && script.getAttribute("data-md-scope")) || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (value) {
    return Array.from(String(value)).reduce(function (hash, char) {
      return (hash << 5) - hash + char.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      /* storage full or refused: Material goes on without it */
    }
  };
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
})();

(function () {
  var proto = XMLHttpRequest.prototype, open = proto.open, send = proto.send, held = [], go = false;
  proto.open = function (method, url) {
    this.kkIndex = /(^|\/)search\/search_index\.json([?#]|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.kkIndex && !go) { held.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };
  function release() {
    if (go) return;
    go = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("[data-md-component=search]")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  });
  if (/[?&]q=/.test(location.search)) release();
  window.kkSearchIndexRequested = function () { return go; };
})();
