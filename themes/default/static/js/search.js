// bantin search: runs in the browser on the index `bantin build` writes (search/index.json and
// the files it names); no server, no third-party service, works offline once loaded.
// Matching folds text like the build does (lowercase, NFD, combining marks dropped, đ → d), so
// "hy vong moi" finds "Hy vọng mới"; every query word must start a word of the title, summary,
// category or tags. Title hits rank above summary hits, newer articles above older ones.
// Only the index shards a query's words need are fetched, and only the document files of the
// results shown (20 at a time; "more" shows the next 20).
(function () {
  "use strict";
  var form = document.querySelector("form[data-search-index]");
  if (!form || !window.fetch || !String.prototype.normalize) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");
  var manifestUrl = new URL(form.getAttribute("data-search-index"), location.href);
  var PAGE = 20;
  var TITLE = 1;
  var SUMMARY = 2;
  var cache = {};
  var seq = 0;
  // The current query's manifest, ranked [doc, [title hits, summary hits]] and how many shown.
  var current = null;

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }

  // The query's distinct words (the same split as the build's: on anything not a letter or digit).
  function words(s) {
    var seen = {};
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      if (!w || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  function load(file) {
    var url = new URL(file, manifestUrl).href;
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  // Shards that may hold tokens starting with `w`: a key `k` holds tokens starting with `k`;
  // a key `k$` holds the token `k` alone (see src/output/search.rs).
  function shardsFor(manifest, w) {
    return manifest.shards.filter(function (s) {
      var key = s[0];
      var exact = key.charAt(key.length - 1) === "$";
      var base = exact ? key.slice(0, -1) : key;
      return base.indexOf(w) === 0 || (!exact && w.indexOf(base) === 0);
    }).map(function (s) { return s[1]; });
  }

  // doc → [title hits, summary hits] for the docs that match every word; null when none.
  function match(manifest, qwords) {
    return qwords.reduce(function (prev, w) {
      return prev.then(function (hits) {
        if (hits && hits.size === 0) return hits;
        return Promise.all(shardsFor(manifest, w).map(load)).then(function (shards) {
          var fields = new Map();
          shards.forEach(function (shard) {
            Object.keys(shard).forEach(function (token) {
              if (token.indexOf(w) !== 0) return;
              var d = 0;
              shard[token].forEach(function (p) {
                d += Math.floor(p / 8); // postings are gap * 8 + fields
                fields.set(d, (fields.get(d) || 0) | (p % 8));
              });
            });
          });
          var next = new Map();
          fields.forEach(function (bits, d) {
            var h = hits ? hits.get(d) : [0, 0];
            if (!h) return;
            next.set(d, [h[0] + (bits & TITLE ? 1 : 0), h[1] + (bits & SUMMARY ? 1 : 0)]);
          });
          return next;
        });
      });
    }, Promise.resolve(null));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function item(d) {
    var li = el("li", "searchresult");
    var h = el("h2", "searchresult__title");
    var a = el("a", "", d.title);
    a.href = d.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "searchresult__meta", d.category ? d.category + " · " : "");
    var time = el("time", "", d.date);
    time.dateTime = d.iso;
    meta.appendChild(time);
    li.appendChild(meta);
    if (d.summary) li.appendChild(el("p", "searchresult__summary", d.summary));
    return li;
  }

  // Show the next PAGE results of the current query, loading only their document files.
  function more(mine, focus) {
    var c = current;
    var ids = c.ranked.slice(c.shown, c.shown + PAGE).map(function (r) { return r[0]; });
    var per = c.manifest.docs_per_file;
    var files = {};
    ids.forEach(function (d) { files[Math.floor(d / per)] = true; });
    return Promise.all(Object.keys(files).map(function (f) {
      return load(c.manifest.docs[f]).then(function (chunk) { files[f] = chunk; });
    })).then(function () {
      if (mine !== seq) return;
      var first = null;
      ids.forEach(function (d) {
        var li = item(files[Math.floor(d / per)][d % per]);
        first = first || li;
        list.appendChild(li);
      });
      c.shown += ids.length;
      if (moreButton) moreButton.hidden = c.shown >= c.ranked.length;
      if (focus && first) first.querySelector("a").focus();
    });
  }

  function run(q) {
    var mine = ++seq;
    var qwords = words(q);
    if (moreButton) moreButton.hidden = true;
    if (!qwords.length) {
      list.textContent = "";
      status.textContent = "";
      return Promise.resolve();
    }
    return load(manifestUrl.href).then(function (manifest) {
      return match(manifest, qwords).then(function (hits) {
        if (mine !== seq) return;
        var ranked = Array.from(hits || []).sort(function (a, b) {
          return b[1][0] - a[1][0] || b[1][1] - a[1][1] || a[0] - b[0];
        });
        current = { manifest: manifest, ranked: ranked, shown: 0 };
        list.textContent = "";
        var total = ranked.length;
        var word = total === 1 ? form.getAttribute("data-result-one") : form.getAttribute("data-results");
        status.textContent = total ? total + " " + word : form.getAttribute("data-none");
        return more(mine, false);
      });
    }).catch(function () {
      if (mine === seq) status.textContent = form.getAttribute("data-error");
    });
  }

  if (moreButton) {
    moreButton.addEventListener("click", function () {
      var mine = seq;
      more(mine, true).catch(function () {
        if (mine === seq) status.textContent = form.getAttribute("data-error");
      });
    });
  }

  function setQuery(q) {
    var url = new URL(location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url.href);
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      setQuery(input.value.trim());
      run(input.value);
    }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    setQuery(input.value.trim());
    run(input.value);
  });

  var initial = new URL(location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
