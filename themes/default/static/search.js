// Site search over the static index written by `gongkai build` (see src/search.rs).
// Tokenisation and hashing mirror the Rust side exactly.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var form = document.getElementById("search-form");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !statusEl || !list) return;
  var meta = null;
  var shardCache = {};
  var textCache = {};

  function isCjk(c) {
    var u = c.codePointAt(0);
    return (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) || (u >= 0x20000 && u <= 0x2FA1F);
  }
  function fold(c) {
    var u = c.codePointAt(0);
    if (u >= 0xFF01 && u <= 0xFF5E) c = String.fromCodePoint(u - 0xFEE0);
    return c.toLowerCase();
  }
  function isAlnum(c) { return /^[0-9a-z]$/.test(c); }
  function tokens(text) {
    var out = [], word = "", prev = null, run = 0;
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var c = fold(chars[i]);
      if (isCjk(c)) {
        if (word) { out.push(word); word = ""; }
        if (prev !== null) out.push(prev + c);
        prev = c; run++;
      } else {
        if (run === 1 && prev !== null) out.push(prev);
        prev = null; run = 0;
        if (isAlnum(c)) word += c; else if (word) { out.push(word); word = ""; }
      }
    }
    if (run === 1 && prev !== null) out.push(prev);
    if (word) out.push(word);
    return out;
  }
  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  // A posting list (src/search.rs `encode_postings`): "~" + a bitmap, 6 document numbers per
  // character; otherwise the gaps between the numbers in base 32, a digit per character,
  // +32 on every digit but a number's last.
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  function decodePostings(s) {
    var out = [], i, v, j;
    if (s.charAt(0) === "~") {
      for (i = 1; i < s.length; i++) {
        v = DIGITS.indexOf(s.charAt(i));
        for (j = 0; j < 6; j++) if (v & (1 << j)) out.push((i - 1) * 6 + j);
      }
      return out;
    }
    var acc = 0, n = 0;
    for (i = 0; i < s.length; i++) {
      v = DIGITS.indexOf(s.charAt(i));
      n = n * 32 + (v & 31);
      if (v < 32) { acc += n; out.push(acc); n = 0; }
    }
    return out;
  }
  function getJson(path) {
    return fetch(base + path).then(function (r) { if (!r.ok) throw new Error(path + ": " + r.status); return r.json(); });
  }
  function loadMeta() {
    if (meta) return Promise.resolve(meta);
    return getJson("search/meta.json").then(function (m) { meta = m; fillFilters(); return m; });
  }
  function shard(n) {
    if (!shardCache[n]) shardCache[n] = getJson("search/idx-" + n + ".json");
    return shardCache[n];
  }
  function textShard(n) {
    if (!textCache[n]) textCache[n] = getJson("search/text-" + n + ".json");
    return textCache[n];
  }
  function option(select, value, label) {
    var o = document.createElement("option"); o.value = value; o.textContent = label; select.appendChild(o);
  }
  function fillFilters() {
    var params = new URLSearchParams(location.search);
    var col = document.getElementById("f-column"), unit = document.getElementById("f-unit");
    var year = document.getElementById("f-year"), kind = document.getElementById("f-kind");
    meta.columns.forEach(function (c, i) { option(col, String(i), c); });
    meta.units.forEach(function (u, i) { option(unit, String(i), u); });
    meta.kinds.forEach(function (k, i) { option(kind, String(i), k); });
    // 公开主体 facet (SPEC §7): shown when the site has several bodies.
    var body = document.getElementById("f-body");
    if (body && meta.bodies && meta.bodies.length > 1) {
      meta.bodies.forEach(function (b, i) { option(body, String(i), b); });
      body.value = params.get("body") || "";
      body.parentNode.hidden = false;
    }
    var years = {};
    meta.docs.forEach(function (d) { years[d[3].slice(0, 4)] = true; });
    Object.keys(years).sort().reverse().forEach(function (y) { option(year, y, y + "年"); });
    col.value = params.get("column") || ""; unit.value = params.get("unit") || "";
    year.value = params.get("year") || ""; kind.value = params.get("kind") || "";
  }
  function postings(token) {
    return shard(fnv1a(token) % meta.shards).then(function (s) {
      return decodePostings(Object.prototype.hasOwnProperty.call(s, token) ? s[token] : "");
    });
  }
  // meta.json writes a document's URL after its column's (src/search.rs `meta_url`) unless
  // it is a whole URL: one starting with "/" or holding ":".
  function docUrl(m) {
    return m[1].charAt(0) === "/" || m[1].indexOf(":") >= 0 ? m[1] : meta.column_urls[m[4]] + m[1];
  }
  function norm(s) { return Array.from(s).map(fold).filter(function (c) { return isCjk(c) || isAlnum(c); }).join(""); }
  function search(q, filters) {
    var toks = Array.from(new Set(tokens(q)));
    return Promise.all(toks.map(postings)).then(function (lists) {
      var counts = {};
      lists.forEach(function (l) { l.forEach(function (d) { counts[d] = (counts[d] || 0) + 1; }); });
      var need = toks.length;
      var ids = Object.keys(counts).map(Number).filter(function (d) { return counts[d] === need; });
      var partial = false;
      if (!ids.length && need > 2) {
        partial = true;
        ids = Object.keys(counts).map(Number).filter(function (d) { return counts[d] >= Math.ceil(need * 0.6); });
      }
      var nq = norm(q);
      ids = ids.filter(function (d) {
        var m = meta.docs[d];
        if (filters.column !== "" && String(m[4]) !== filters.column) return false;
        if (filters.unit !== "" && m[2].indexOf(Number(filters.unit)) < 0) return false;
        if (filters.year !== "" && m[3].slice(0, 4) !== filters.year) return false;
        if (filters.kind !== "" && String(m[5]) !== filters.kind) return false;
        if (filters.body && String(m[7]) !== filters.body) return false;
        return true;
      });
      var scored = ids.map(function (d) {
        var m = meta.docs[d], s = counts[d];
        if (norm(m[0]).indexOf(nq) >= 0) s += 100;
        if (m[6] && norm(m[6]) === nq) s += 200;
        return { d: d, s: s };
      });
      scored.sort(function (a, b) { return b.s - a.s || (meta.docs[b.d][3] < meta.docs[a.d][3] ? -1 : meta.docs[b.d][3] > meta.docs[a.d][3] ? 1 : a.d - b.d); });
      return { hits: scored.map(function (x) { return x.d; }), partial: partial };
    });
  }
  function terms(q) {
    return q.split(/[\s,，、;；]+/).filter(Boolean).map(function (t) { return t.toLowerCase(); });
  }
  function highlight(el, text, q) {
    var ts = terms(q), lower = text.toLowerCase(), pos = [];
    ts.forEach(function (t) { var i = lower.indexOf(t); while (i >= 0 && t) { pos.push([i, i + t.length]); i = lower.indexOf(t, i + t.length); } });
    pos.sort(function (a, b) { return a[0] - b[0]; });
    var last = 0;
    pos.forEach(function (p) {
      if (p[0] < last) return;
      el.appendChild(document.createTextNode(text.slice(last, p[0])));
      var m = document.createElement("mark"); m.textContent = text.slice(p[0], p[1]); el.appendChild(m);
      last = p[1];
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }
  function snippet(text, q) {
    var ts = terms(q), lower = text.toLowerCase(), at = -1;
    ts.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; });
    // The index keeps the first 90 characters (src/search.rs EXCERPT_CHARS); a match late
    // in them moves the start so that it shows with some text before it.
    var start = Math.max(0, (at < 0 ? 0 : at) - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 90) + (text.length >= 90 ? "…" : "");
  }
  function render(q, res) {
    list.textContent = "";
    var hits = res.hits.slice(0, 50);
    statusEl.textContent = res.hits.length
      ? "找到 " + res.hits.length + " 条结果" + (res.partial ? "（部分匹配）" : "") + (res.hits.length > 50 ? "，显示前 50 条" : "") + "。"
      : "没有找到与“" + q + "”相关的信息，请更换关键词或按分类浏览。";
    return Promise.all(hits.map(function (d) { return textShard(Math.floor(d / meta.text_shard)); })).then(function (shards) {
      hits.forEach(function (d, i) {
        var m = meta.docs[d], li = document.createElement("li");
        var a = document.createElement("a"); a.href = docUrl(m); a.className = "title"; highlight(a, m[0], q); li.appendChild(a);
        var info = document.createElement("div"); info.className = "small";
        info.textContent = [m[2].map(function (u) { return meta.units[u]; }).join("、"), m[3], m[6], meta.columns[m[4]]].filter(Boolean).join(" · ");
        li.appendChild(info);
        var p = document.createElement("p"); p.className = "snippet";
        highlight(p, snippet(shards[i][d % meta.text_shard] || "", q), q); li.appendChild(p);
        list.appendChild(li);
      });
    });
  }
  function run(pushState) {
    var q = document.getElementById("q").value.trim();
    var filters = {
      column: document.getElementById("f-column").value, unit: document.getElementById("f-unit").value,
      year: document.getElementById("f-year").value, kind: document.getElementById("f-kind").value,
      body: (document.getElementById("f-body") || {}).value || ""
    };
    if (pushState) {
      var params = new URLSearchParams();
      if (q) params.set("q", q);
      Object.keys(filters).forEach(function (k) { if (filters[k]) params.set(k, filters[k]); });
      history.replaceState(null, "", "?" + params.toString());
    }
    if (!q) { statusEl.textContent = "请输入关键词、标题或文号。"; list.textContent = ""; return; }
    statusEl.textContent = "正在检索…";
    loadMeta().then(function () { return search(q, filters); }).then(function (res) { return render(q, res); })
      .catch(function (e) { statusEl.textContent = "检索暂不可用（" + e.message + "），请按分类浏览。"; });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
  var params = new URLSearchParams(location.search);
  document.getElementById("q").value = params.get("q") || "";
  loadMeta().then(function () { if (params.get("q")) run(false); else statusEl.textContent = ""; })
    .catch(function () { /* shown when searching */ });
})();
