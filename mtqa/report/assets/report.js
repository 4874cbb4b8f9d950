/* mtqa HTML report: builds an article's side-by-side view when it is opened, applies the filters,
   follows #anchors. Article text is untrusted: this script only ever sets textContent and
   attributes it controls, never HTML, and runs under a CSP that allows no other script. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("mtqa-data").textContent);
  var ARTS = DATA.articles;
  var list = document.getElementById("articles");
  var items = Array.prototype.slice.call(list.children);
  var form = document.getElementById("filters");
  // a finding is an array: code, name, category, severity, side, start, end, message, suggestion, bead, confidence,
  // then [applicability, title] where the finding carries a fix (mtqa fix), else null, and the unit
  // (CAT files: "file#id (line N)", else "")
  var CODE = 0, NAME = 1, CAT = 2, SEV = 3, SIDE = 4, START = 5, END = 6, MSG = 7, SUGG = 8, BEAD = 9, CONF = 10;
  var FIX = 11, UNIT = 12;
  var RANK = { critical: 3, major: 2, minor: 1, neutral: 0 };
  var state = {};
  var tips = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function art(li) { return ARTS[Number(li.getAttribute("data-i"))]; }
  function nums(s) { return s ? s.split(" ").map(Number) : []; }
  function inputs(name) { return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]")); }

  /* ---- filters ---- */
  function read() {
    var cats = inputs("cat"), sevs = inputs("sev");
    var onCats = cats.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    var onSevs = sevs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    state = {
      cats: new Set(onCats), sevs: new Set(onSevs),
      narrowed: onCats.length < cats.length || onSevs.length < sevs.length,
      verdict: document.getElementById("f-verdict").value,
      q: document.getElementById("f-q").value.trim().toLowerCase(),
      only: document.getElementById("f-only").checked
    };
  }
  function on(f) { return state.cats.has(f[CAT]) && state.sevs.has(f[SEV]); }
  function apply() {
    read();
    var shown = 0;
    items.forEach(function (li) {
      var a = art(li);
      var ok = (state.verdict === "all" || a.v === state.verdict) &&
        (!state.q || a.id.toLowerCase().indexOf(state.q) >= 0) &&
        (!state.narrowed || a.f.some(on));
      li.hidden = !ok;
      if (ok) shown += 1;
      if (li.classList.contains("rendered")) restyle(li, a);
    });
    document.getElementById("f-count").textContent = "showing " + shown + " of " + items.length + " articles" +
      (state.narrowed ? " (those with findings of the selected severities and categories)" : "");
  }
  function restyle(li, a) {
    li.querySelectorAll("[data-f]").forEach(function (node) {
      node.classList.toggle("off", !nums(node.getAttribute("data-f")).some(function (k) { return on(a.f[k]); }));
    });
    li.querySelectorAll("tr.bead").forEach(function (tr) {
      var live = nums(tr.getAttribute("data-findings")).some(function (k) { return on(a.f[k]); });
      tr.hidden = state.only && !live;
      var next = tr.nextElementSibling;
      if (next && next.classList.contains("fl")) next.hidden = tr.hidden;
    });
  }

  /* ---- one article, side by side ---- */
  function worst(a, ks) {
    return ks.reduce(function (w, k) { return RANK[a.f[k][SEV]] > RANK[a.f[w][SEV]] ? k : w; }, ks[0]);
  }
  function mark(a, piece, cover) {
    var m = el("mark", "mk sev-" + a.f[worst(a, cover)][SEV]);
    m.tabIndex = 0;
    m.setAttribute("data-f", cover.join(" "));
    m.appendChild(document.createTextNode(piece));
    var tip = el("span", "tip");
    tip.setAttribute("role", "tooltip");
    tip.id = "tip-" + (tips += 1);
    cover.forEach(function (k) {
      var f = a.f[k];
      var head = el("span", "th");
      head.appendChild(el("b", null, f[CODE] + " " + f[SEV]));
      head.appendChild(document.createTextNode(" " + f[NAME] + " · " + f[CAT]));
      tip.appendChild(head);
      tip.appendChild(el("span", "tm", f[MSG]));
      if (f[SUGG]) tip.appendChild(el("span", "ts", "suggestion: " + f[SUGG]));
      if (f[FIX]) tip.appendChild(el("span", "ts", "fix (" + f[FIX][0] + "): " + f[FIX][1]));
    });
    m.setAttribute("aria-describedby", tip.id);
    m.appendChild(tip);
    return m;
  }
  function cell(a, side, idx) {
    var src = side === "source";
    var td = el("td", src ? "src" : "tgt");
    td.lang = src ? a.sl : a.tl;
    if (!idx.length) {
      td.className += " gap";
      td.textContent = src ? "added: not in the source" : "omitted: no translation";
      return td;
    }
    var spans = src ? a.ss : a.ts, text = src ? a.s : a.t;
    var lo = spans[idx[0]][0], hi = spans[idx[idx.length - 1]][1];
    var fs = [], cuts = [lo, hi];
    a.f.forEach(function (f, k) {
      if (f[SIDE] === side && f[END] > lo && f[START] < hi && f[END] > f[START]) {
        fs.push(k);
        cuts.push(Math.max(lo, f[START]), Math.min(hi, f[END]));
      }
    });
    cuts = cuts.filter(function (x, i, all) { return all.indexOf(x) === i; }).sort(function (x, y) { return x - y; });
    for (var i = 0; i + 1 < cuts.length; i += 1) {
      var x = cuts[i], y = cuts[i + 1];
      var cover = fs.filter(function (k) { return a.f[k][START] <= x && a.f[k][END] >= y; });
      var piece = text.slice(x, y);
      td.appendChild(cover.length ? mark(a, piece, cover) : document.createTextNode(piece));
    }
    return td;
  }
  function findingList(li, a, ks) {
    var ul = el("ul", "findings");
    ks.slice().sort(function (x, y) {
      return (RANK[a.f[y][SEV]] - RANK[a.f[x][SEV]]) || (a.f[x][START] - a.f[y][START]);
    }).forEach(function (k) {
      var f = a.f[k];
      var item = el("li", "fi sev-" + f[SEV]);
      item.setAttribute("data-f", String(k));
      var b = el("button", "code", f[CODE]);
      b.type = "button";
      b.title = "show it in the text";
      b.addEventListener("click", function () { show(li, k); });
      item.appendChild(b);
      item.appendChild(el("span", "sev sev-" + f[SEV], f[SEV]));
      item.appendChild(el("span", "name", f[NAME]));
      item.appendChild(document.createTextNode(": " + f[MSG]));
      if (f[SUGG]) item.appendChild(el("span", "sugg", " → " + f[SUGG]));
      if (f[FIX]) item.appendChild(el("span", "fix fix-" + f[FIX][0], " [" + f[FIX][0] + " fix: " + f[FIX][1] + "]"));
      if (typeof f[CONF] === "number" && f[CONF] < 1) item.appendChild(el("span", "muted", " (confidence " + f[CONF].toFixed(2) + ")"));
      item.appendChild(el("span", "muted", " · " + f[CAT] + " · " + f[SIDE]));
      if (f[UNIT]) item.appendChild(el("span", "muted unit", " · unit " + f[UNIT]));
      ul.appendChild(item);
    });
    return ul;
  }
  function show(li, k) {
    var marks = li.querySelectorAll("mark[data-f]");
    for (var i = 0; i < marks.length; i += 1) {
      if (nums(marks[i].getAttribute("data-f")).indexOf(k) >= 0) {
        marks[i].scrollIntoView({ block: "center" });
        marks[i].focus({ preventScroll: true });
        return;
      }
    }
  }
  function render(li) {
    var a = art(li), body = li.querySelector(".body");
    li.classList.add("rendered");
    if (a.err) {
      body.appendChild(el("p", "err", "This article could not be checked: " + a.err));
      return;
    }
    var table = el("table", "pairs");
    table.appendChild(el("caption", "sr", "Aligned sentences of " + a.id));
    var hr = el("tr");
    ["#", "source (" + a.sl + ")", "translation (" + a.tl + ")"].forEach(function (h) {
      var th = el("th", null, h);
      th.scope = "col";
      hr.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(hr);
    var tbody = table.appendChild(el("tbody"));
    var byBead = {}, loose = [];
    a.f.forEach(function (f, k) {
      if (typeof f[BEAD] === "number" && f[BEAD] >= 0 && f[BEAD] < a.al.length) (byBead[f[BEAD]] = byBead[f[BEAD]] || []).push(k);
      else loose.push(k);
    });
    a.al.forEach(function (bead, b) {
      var ks = byBead[b] || [];
      var tr = el("tr", "bead" + (bead[0].length ? "" : " add") + (bead[1].length ? "" : " om"));
      tr.id = li.id + ".b" + (b + 1);  // pairs are numbered from 1 wherever a reader sees them
      if (ks.length) tr.setAttribute("data-findings", ks.join(" "));
      var n = el("td", "n");
      var link = el("a", null, String(b + 1));
      link.href = "#" + tr.id;
      link.title = "link to this sentence pair";
      n.appendChild(link);
      if (bead[2]) n.appendChild(el("span", "pen", "−" + bead[2]));
      tr.appendChild(n);
      tr.appendChild(cell(a, "source", bead[0]));
      tr.appendChild(cell(a, "target", bead[1]));
      tbody.appendChild(tr);
      if (ks.length) {
        var fr = el("tr", "fl");
        fr.appendChild(el("td"));
        var td = el("td");
        td.colSpan = 2;
        td.appendChild(findingList(li, a, ks));
        fr.appendChild(td);
        tbody.appendChild(fr);
      }
    });
    body.appendChild(table);
    if (loose.length) {
      body.appendChild(el("h4", null, "Article-level findings"));
      body.appendChild(findingList(li, a, loose));
    }
    restyle(li, a);
  }
  function open(li, want) {
    var btn = li.querySelector(".toggle");
    if (want === undefined) want = btn.getAttribute("aria-expanded") !== "true";
    if (want && !li.classList.contains("rendered")) render(li);
    btn.setAttribute("aria-expanded", String(want));
    li.querySelector(".body").hidden = !want;
  }

  /* ---- anchors: #a-<article> and #a-<article>.b<pair>, by the element's id (a-port-strike) or by the
     article's own id, whatever it holds (#a-kim.it.txt, #a-kim.it.txt.b3) ---- */
  function article(name) {
    var li = document.getElementById(name);
    if (li && li.classList.contains("art")) return li;
    for (var i = 0; i < items.length; i++) if ("a-" + art(items[i]).id === name) return items[i];
    return null;
  }
  function go() {
    var h;
    try { h = decodeURIComponent(location.hash.slice(1)); } catch (e) { h = location.hash.slice(1); }
    var li = article(h), pair = null;
    var m = li ? null : /^(.*)\.b(\d+)$/.exec(h);
    if (m) { li = article(m[1]); pair = m[2]; }
    if (!li) return;
    li.hidden = false;
    open(li, true);
    var target = (pair && document.getElementById(li.id + ".b" + pair)) || li;
    if (target.hidden) target.hidden = false;
    document.querySelectorAll(".hit").forEach(function (x) { x.classList.remove("hit"); });
    target.classList.add("hit");
    target.scrollIntoView();
    li.querySelector(".toggle").focus({ preventScroll: true });
  }

  function sort() {
    var how = document.getElementById("f-sort").value;
    var arr = items.slice();
    if (how === "best") arr.reverse();
    if (how === "id") arr.sort(function (x, y) { return art(x).id.localeCompare(art(y).id); });
    if (how === "input") arr.sort(function (x, y) { return x.getAttribute("data-order") - y.getAttribute("data-order"); });
    arr.forEach(function (li) { list.appendChild(li); });
  }
  function reset() {
    inputs("cat").concat(inputs("sev")).forEach(function (i) { i.checked = true; });
    document.getElementById("f-verdict").value = "all";
    document.getElementById("f-q").value = "";
    document.getElementById("f-only").checked = false;
    document.getElementById("f-sort").value = "worst";
    sort();
    apply();
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("change", function (e) { if (e.target.id === "f-sort") sort(); else apply(); });
  document.getElementById("f-q").addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", reset);
  document.getElementById("f-expand").addEventListener("click", function () {
    items.forEach(function (li) { if (!li.hidden) open(li, true); });
  });
  document.getElementById("f-collapse").addEventListener("click", function () {
    items.forEach(function (li) { open(li, false); });
  });
  list.addEventListener("click", function (e) {
    var btn = e.target.closest("button.toggle");
    if (!btn) return;
    var li = btn.closest("li.art");
    open(li);
    if (btn.getAttribute("aria-expanded") === "true" && window.history.replaceState) window.history.replaceState(null, "", "#" + li.id);
  });
  document.querySelectorAll("[data-only-cat]").forEach(function (b) {
    b.addEventListener("click", function () {
      inputs("cat").forEach(function (i) { i.checked = i.value === b.getAttribute("data-only-cat"); });
      apply();
      document.getElementById("review").scrollIntoView();
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.activeElement && document.activeElement.classList.contains("mk")) document.activeElement.blur();
  });
  window.addEventListener("hashchange", go);

  apply();
  if (items.length === 1) open(items[0], true);
  go();
  document.documentElement.setAttribute("data-ready", "1");
})();
