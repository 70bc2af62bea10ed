// infradoc governance site: theme toggle, table sorting and filtering, and
// search over the generated index. Plain JavaScript, no dependencies; the
// site works without it.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  // Theme: follows the system until the toggle is used, then sticks.
  function currentTheme() {
    var t = document.documentElement.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  var toggle = document.querySelector("[data-theme-toggle]");
  if (toggle) {
    var syncToggle = function () {
      var dark = currentTheme() === "dark";
      toggle.setAttribute("aria-pressed", dark ? "true" : "false");
      toggle.setAttribute("title", dark ? "Switch to the light theme" : "Switch to the dark theme");
    };
    toggle.hidden = false;
    syncToggle();
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem("infradoc-theme", next); } catch (e) { /* storage off: theme lasts this page */ }
      syncToggle();
    });
  }

  // Sortable tables: header buttons sort by that column, numbers numerically.
  function cellValue(row, i) {
    var c = row.cells[i];
    return c ? c.textContent.trim() : "";
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.classList.contains("num");
        rows.sort(function (x, y) {
          var a = cellValue(x, i), c = cellValue(y, i);
          var r = numeric ? (parseFloat(a) || 0) - (parseFloat(c) || 0) : a.localeCompare(c, undefined, { numeric: true, sensitivity: "base" });
          return asc ? r : -r;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      });
    });
  });

  // Filters: each <select data-filter="key"> keeps rows whose data-key matches.
  document.querySelectorAll("[data-filters]").forEach(function (box) {
    var table = document.querySelector('table[data-filter-table="' + box.getAttribute("data-filters") + '"]');
    if (!table) return;
    var selects = box.querySelectorAll("select[data-filter]");
    var count = box.querySelector(".filter-count");
    var params = new URLSearchParams(window.location.search);
    function apply() {
      var want = {};
      selects.forEach(function (s) { if (s.value) want[s.getAttribute("data-filter")] = s.value; });
      var shown = 0, rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var ok = true;
        for (var k in want) {
          if (rows[i].getAttribute("data-" + k) !== want[k]) { ok = false; break; }
        }
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      if (count) count.textContent = shown + " of " + rows.length + " shown";
    }
    selects.forEach(function (s) {
      var v = params.get(s.getAttribute("data-filter"));
      if (v) s.value = v;
      s.addEventListener("change", apply);
    });
    box.hidden = false;
    apply();
  });

  // Search: the index is loaded on first use with a <script> element (so it
  // works from file:// too) and matched in memory: prefix matches of the
  // title first, then substring matches anywhere, at most LIMIT results.
  var LIMIT = 20;
  var KINDS = { i: "Infra item", o: "Obligation", r: "Requirement", h: "Doc" };
  var entries = null, loading = null;
  function loadIndex(done) {
    if (entries) { done(); return; }
    if (loading) { loading.push(done); return; }
    loading = [done];
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () {
      var data = window.INFRADOC_SEARCH_INDEX || { e: [] };
      entries = data.e.map(function (e) {
        return { kind: e[0], title: e[1], detail: e[2], url: e[3], t: e[1].toLowerCase(), all: (e[1] + " " + e[2]).toLowerCase() };
      });
      var cbs = loading; loading = null;
      cbs.forEach(function (f) { f(); });
    };
    s.onerror = function () { entries = []; var cbs = loading; loading = null; cbs.forEach(function (f) { f(); }); };
    document.head.appendChild(s);
  }
  function search(q, limit) {
    q = q.trim().toLowerCase();
    if (!q || !entries) return [];
    var first = [], rest = [];
    for (var i = 0; i < entries.length && first.length < limit; i++) {
      var e = entries[i];
      if (e.t.lastIndexOf(q, 0) === 0) first.push(e);
      else if (rest.length < limit && e.all.indexOf(q) !== -1) rest.push(e);
    }
    return first.concat(rest).slice(0, limit);
  }
  function resultItem(e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + e.url;
    var k = document.createElement("span");
    k.className = "kind";
    k.textContent = (KINDS[e.kind] || "") + " · " + e.detail;
    a.appendChild(document.createTextNode(e.title));
    a.appendChild(k);
    li.appendChild(a);
    return li;
  }
  var form = document.querySelector("[data-search]");
  if (form) {
    var input = form.querySelector("input");
    var list = form.querySelector(".search-results");
    var render = function () {
      var res = search(input.value, LIMIT);
      list.textContent = "";
      res.forEach(function (e) { list.appendChild(resultItem(e)); });
      if (input.value.trim() && !res.length) {
        var li = document.createElement("li");
        li.className = "note";
        li.textContent = "No match.";
        li.style.padding = ".35rem .75rem";
        list.appendChild(li);
      }
      list.hidden = !input.value.trim();
    };
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", function () { loadIndex(render); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var a = list.querySelector("a");
        if (a) { ev.preventDefault(); a.focus(); }
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });
    list.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      else if (ev.key === "Escape") { list.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (ev) {
      if (!form.contains(ev.target)) list.hidden = true;
    });
  }
  // The search page lists every match for ?q=.
  var page = document.querySelector("[data-search-page]");
  if (page) {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    if (form) form.querySelector("input").value = q;
    loadIndex(function () {
      var res = search(q, 200);
      res.forEach(function (e) { page.appendChild(resultItem(e)); });
      var sum = document.querySelector("[data-search-summary]");
      if (sum) sum.textContent = q ? res.length + (res.length === 200 ? "+" : "") + " results for \u201c" + q + "\u201d" : "Type in the search box.";
    });
  }
  // == pages ==
  // Diagrams: a button beside each caption opens the diagram full size in
  // a modal dialog, at its natural size, with zoom buttons; closing it puts
  // the SVG back in the page.
  (function () {
    if (typeof HTMLDialogElement !== "function") return;
    var dialog = null, view, title, zoomOut, zoomIn, home = null, svg = null, zoom = 1, opener = null;
    function button(text, label, onClick) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", onClick);
      return b;
    }
    function natural(attr) {
      var m = /^([0-9.]+)(pt|px)?$/.exec(svg.getAttribute(attr) || "");
      return m ? { n: parseFloat(m[1]), u: m[2] || "px" } : null;
    }
    function applyZoom() {
      var w = natural("width"), h = natural("height");
      if (w && h) {
        svg.style.width = (w.n * zoom) + w.u;
        svg.style.height = (h.n * zoom) + h.u;
      }
      zoomOut.disabled = zoom <= 0.25;
      zoomIn.disabled = zoom >= 4;
    }
    function make() {
      dialog = document.createElement("dialog");
      dialog.className = "diagram-full";
      dialog.setAttribute("aria-labelledby", "diagram-full-title");
      var bar = document.createElement("div");
      bar.className = "diagram-full-bar";
      title = document.createElement("h2");
      title.id = "diagram-full-title";
      zoomOut = button("\u2212", "Zoom out", function () { zoom = Math.max(0.25, zoom / 1.25); applyZoom(); });
      zoomIn = button("+", "Zoom in", function () { zoom = Math.min(4, zoom * 1.25); applyZoom(); });
      var reset = button("100%", "Natural size", function () { zoom = 1; applyZoom(); });
      var close = button("Close", "Close the full-size view", function () { dialog.close(); });
      bar.appendChild(title);
      bar.appendChild(zoomOut);
      bar.appendChild(reset);
      bar.appendChild(zoomIn);
      bar.appendChild(close);
      view = document.createElement("div");
      view.className = "diagram-full-view";
      view.tabIndex = 0;
      dialog.appendChild(bar);
      dialog.appendChild(view);
      dialog.addEventListener("close", function () {
        if (svg && home) {
          svg.style.width = "";
          svg.style.height = "";
          home.appendChild(svg);
        }
        svg = home = null;
        if (opener) opener.focus();
      });
      document.body.appendChild(dialog);
    }
    document.querySelectorAll("figure[data-diagram]").forEach(function (fig) {
      var box = fig.querySelector(".diagram-svg"), cap = fig.querySelector("figcaption");
      if (!box || !cap || !box.querySelector("svg")) return;
      var open = button("Full size", "Open this diagram full size", function () {
        if (!dialog) make();
        home = box;
        svg = box.querySelector("svg");
        opener = open;
        title.textContent = cap.firstChild ? cap.firstChild.textContent.replace(/\s*\u00b7\s*$/, "") : "Diagram";
        zoom = 1;
        view.appendChild(svg);
        applyZoom();
        dialog.showModal();
      });
      open.className = "diagram-open";
      open.setAttribute("data-diagram-open", "");
      cap.appendChild(open);
    });
  })();
  // == end pages ==
  // == docs navigation ==
  // The docs sidebar folds under one button on a phone and each doc's
  // sections under their own toggle; the "on this page" rail marks the
  // section being read; every code block gets a copy button. Without
  // JavaScript the tree is open and the current doc's sections shown.
  (function () {
    document.querySelectorAll("[data-doc-nav-toggle], [data-doc-tree-toggle]").forEach(function (btn) {
      var target = document.getElementById(btn.getAttribute("aria-controls"));
      if (!target) return;
      var folds = btn.hasAttribute("data-doc-tree-toggle");
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var open = btn.getAttribute("aria-expanded") !== "true";
        btn.setAttribute("aria-expanded", open ? "true" : "false");
        // The sidebar's own button hides the tree by CSS, on phones only.
        if (folds) target.hidden = !open;
      });
    });

    var rail = Array.prototype.slice.call(document.querySelectorAll(".doc-rail a[href^='#']"));
    var heads = rail.map(function (a) { return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))); });
    if (rail.length) {
      var pending = false;
      var mark = function () {
        pending = false;
        var at = -1;
        for (var i = 0; i < heads.length; i++) {
          if (heads[i] && heads[i].getBoundingClientRect().top < 120) at = i;
        }
        rail.forEach(function (a, i) {
          if (i === at) a.setAttribute("aria-current", "location");
          else a.removeAttribute("aria-current");
        });
      };
      window.addEventListener("scroll", function () {
        if (!pending) { pending = true; window.requestAnimationFrame(mark); }
      }, { passive: true });
      mark();
    }

    function copyFallback(text) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "visually-hidden";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      return ok;
    }
    function copyText(text, done) {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(copyFallback(text)); });
      } else {
        done(copyFallback(text));
      }
    }
    document.querySelectorAll(".prose pre").forEach(function (pre) {
      var box = document.createElement("div");
      box.className = "code-block";
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(pre);
      var b = document.createElement("button");
      b.type = "button";
      b.className = "copy-code";
      b.textContent = "Copy";
      b.title = "Copy this code to the clipboard";
      var said = document.createElement("span");
      said.className = "visually-hidden";
      said.setAttribute("role", "status");
      box.appendChild(b);
      box.appendChild(said);
      var timer = 0;
      b.addEventListener("click", function () {
        copyText(pre.textContent, function (ok) {
          b.textContent = ok ? "Copied" : "Copy failed";
          said.textContent = ok ? "Code copied to the clipboard" : "The browser did not allow copying";
          if (ok) b.setAttribute("data-copied", ""); else b.removeAttribute("data-copied");
          b.focus();
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            b.textContent = "Copy";
            said.textContent = "";
            b.removeAttribute("data-copied");
          }, 2000);
        });
      });
    });
  })();
  // == end docs navigation ==
})();
