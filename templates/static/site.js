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

  // == url parameters ==
  // Shared by the table filters and the Findings page. setURLParams sets
  // (or, when empty, deletes) parameters of the page's URL with
  // history.replaceState, keeping the #fragment when keepHash says so.
  function setURLParams(update, keepHash) {
    var p = new URLSearchParams(window.location.search);
    Object.keys(update).forEach(function (k) {
      if (update[k]) p.set(k, update[k]); else p.delete(k);
    });
    var qs = p.toString();
    try {
      history.replaceState(history.state, "", window.location.pathname + (qs ? "?" + qs : "") + (keepHash ? window.location.hash : ""));
    } catch (e) { /* a browser that refuses it for file:// pages: the view still changes */ }
  }
  // bindURLSelects gives each select the option its key (the value of its
  // attribute attr) names in the URL, whatever its case (none: all), and on
  // a change runs apply and writes the select's value to the URL.
  function bindURLSelects(selects, attr, apply, keepHash) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var key = s.getAttribute(attr);
      var v = params.get(key);
      if (v) {
        var opt = Array.prototype.find.call(s.options, function (o) { return o.value && o.value.toLowerCase() === v.toLowerCase(); });
        s.value = opt ? opt.value : "";
      }
      s.addEventListener("change", function () {
        apply();
        var u = {};
        u[key] = s.value;
        setURLParams(u, keepHash);
      });
    });
  }
  // == end url parameters ==

  // == url state ==
  // Sortable tables: header buttons sort by that column, numbers
  // numerically. Filters: each <select data-filter="key"> keeps the rows of
  // its table whose data-key matches. The table filters act on (the one
  // with data-filter-table) keeps its filters and its sort in the page's
  // URL, ?state=A&owner=Platform&sort=name (sort=-name sorts descending):
  // read on load and rewritten with history.replaceState on every change,
  // so that a view can be shared and survives a reload. A column's key is
  // its data-sort-key, else its header in lower case with dashes.
  (function () {
    var params = new URLSearchParams(window.location.search);
    function cellValue(row, i) {
      var c = row.cells[i];
      return c ? c.textContent.trim() : "";
    }
    function columnKey(th) {
      return th.getAttribute("data-sort-key") || th.textContent.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    }
    function sortTable(table, heads, i, asc) {
      var th = heads[i];
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
    }
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      var stateful = table.hasAttribute("data-filter-table");
      var keys = Array.prototype.map.call(heads, columnKey);
      Array.prototype.forEach.call(heads, function (th, i) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(b);
        b.addEventListener("click", function () {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          sortTable(table, heads, i, asc);
          if (stateful) setURLParams({ sort: (asc ? "" : "-") + keys[i] }, true);
        });
      });
      var want = stateful ? params.get("sort") : null;
      if (want) {
        var desc = want.charAt(0) === "-";
        var i = keys.indexOf((desc ? want.slice(1) : want).toLowerCase());
        if (i >= 0) sortTable(table, heads, i, !desc);
      }
    });
    document.querySelectorAll("[data-filters]").forEach(function (box) {
      var table = document.querySelector('table[data-filter-table="' + box.getAttribute("data-filters") + '"]');
      if (!table) return;
      var selects = box.querySelectorAll("select[data-filter]");
      var count = box.querySelector(".filter-count");
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
      bindURLSelects(selects, "data-filter", apply, true);
      box.hidden = false;
      apply();
    });
  })();
  // == end url state ==

  // == search ==
  // The index (render/html/search.go) is loaded on first use with a
  // <script> element, so that it works from file:// too, and ranked in
  // memory. Every query word must match the start of a word of the entry,
  // case and accents aside; a match in the title (an id or a name) counts
  // most, then one in the detail line, then one in the description or doc
  // text, and a whole word more than a prefix. The query's words in order
  // in the title, and a title that starts with the first word, count
  // extra; then obligations and items come before docs, docs before their
  // sections and requirements; then the index's order.
  (function () {
    var LIMIT = 20, PAGE_LIMIT = 200;
    var KINDS = { i: "Infra item", o: "Obligation", r: "Requirement", d: "Doc", s: "Doc section" };
    var KIND_BONUS = { o: 30, i: 30, d: 15, s: 5, r: 0 };
    // [whole word, prefix] for the title, the detail and the text.
    var WEIGHTS = [[100, 70], [20, 14], [5, 3]];
    var ASCII = /^[\x00-\x7f]*$/;
    var WORD = /[\p{L}\p{N}]+/gu;
    // fold lower-cases s, drops accents and turns everything but letters,
    // digits and line breaks into spaces, as search.go splits words.
    // Runs of other characters than ASCII go through Unicode's tables on
    // their own: on a large index those are rare, and the tables slow.
    function fold(s) {
      // Single spaces, the most common separator, are left as they are.
      // Latin-1's and Unicode's general punctuation ("·", "—"), the most
      // common characters beyond ASCII in an index, become spaces here,
      // without a trip through Unicode's tables for each.
      s = s.toLowerCase().replace(/[^a-z0-9\n \u0080-\uffff]+|[\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f]+/g, " ");
      if (!ASCII.test(s)) s = s.replace(/[^\x00-\x7f]+/g, foldRun);
      return s.replace(/  +/g, " ");
    }
    var folded = Object.create(null);
    function foldRun(run) {
      if (!folded[run]) folded[run] = run.normalize("NFKD").replace(/\p{M}+/gu, "").replace(/[^\p{L}\p{N}]+/gu, " ");
      return folded[run];
    }
    // foldAll folds many strings at once, as one text with a line each (a
    // few calls on megabytes instead of one per entry and field), each
    // result with a space on either side, for matching at word starts.
    function foldAll(list) {
      var parts = fold(" " + list.join(" \n ") + " ").split("\n");
      if (parts.length === list.length) return parts;
      // A line break inside a string: fold them one by one.
      return list.map(function (x) { return " " + fold(x.replace(/\n/g, " ")) + " "; });
    }
    // prepare turns the index into entries, each requirement an entry of
    // its own that links to its obligation (whose title starts with its id).
    function prepare(data) {
      var out = [], titles = [], details = [], texts = [];
      function add(kind, title, detail, url, matchDetail, text) {
        out.push({ kind: kind, title: title, detail: detail, url: url, n: out.length });
        titles.push(title);
        details.push(matchDetail);
        texts.push(text || "");
      }
      (data.e || []).forEach(function (e) {
        add(e[0], e[1], e[2] || "", e[3], e[2] || "", e[4]);
        if (e[5]) {
          var id = e[1].split(" ")[0];
          e[5].forEach(function (r) {
            add("r", r[1], r[0] + " · required by " + id, e[3] + "#requirements", r[0] + " " + id, "");
          });
        }
      });
      var ft = foldAll(titles), fd = foldAll(details), fx = foldAll(texts);
      out.forEach(function (e, i) { e.ft = ft[i]; e.fd = fd[i]; e.fx = fx[i]; });
      return out;
    }
    var entries = null, loading = null;
    function loadIndex(done) {
      if (entries) { done(); return; }
      if (loading) { loading.push(done); return; }
      loading = [done];
      var finish = function (data) {
        entries = prepare(data);
        var cbs = loading; loading = null;
        cbs.forEach(function (f) { f(); });
      };
      var s = document.createElement("script");
      s.src = root + "search-index.js";
      s.onload = function () { finish(window.INFRADOC_SEARCH_INDEX || {}); };
      s.onerror = function () { finish({}); };
      document.head.appendChild(s);
    }
    function queryWords(q) {
      var seen = {};
      return fold(q).split(" ").filter(function (w) {
        if (!w || seen[w]) return false;
        seen[w] = true;
        return true;
      });
    }
    // fieldScore scores the word w (" " + word) in the padded field f.
    function fieldScore(f, w, weight) {
      if (f.indexOf(w) < 0) return 0;
      return f.indexOf(w + " ") >= 0 ? weight[0] : weight[1];
    }
    // search returns the best matches of q, at most limit, and how many
    // entries matched.
    function search(q, limit) {
      var words = queryWords(q);
      if (!words.length || !entries) return { words: words, total: 0, list: [] };
      var keys = words.map(function (w) { return " " + w; });
      var phrase = keys.join("");
      var hits = [];
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i], score = 0;
        for (var j = 0; j < keys.length; j++) {
          var s = fieldScore(e.ft, keys[j], WEIGHTS[0]);
          if (s < WEIGHTS[0][1]) s = Math.max(s, fieldScore(e.fd, keys[j], WEIGHTS[1]), fieldScore(e.fx, keys[j], WEIGHTS[2]));
          if (!s) { score = 0; break; }
          score += s;
        }
        if (!score) continue;
        if (keys.length > 1 && e.ft.indexOf(phrase) >= 0) score += 40;
        if (e.ft.lastIndexOf(keys[0], 0) === 0) score += 10;
        hits.push({ e: e, s: score + (KIND_BONUS[e.kind] || 0) });
      }
      hits.sort(function (a, b) { return b.s - a.s || a.e.n - b.e.n; });
      return { words: words, total: hits.length, list: hits.slice(0, limit).map(function (h) { return h.e; }) };
    }
    // highlight appends text to el with the start of every word that a
    // query word begins marked.
    function highlight(el, text, words) {
      var last = 0, m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(text))) {
        var tok = m[0], f = fold(tok), n = 0;
        for (var j = 0; j < words.length; j++) {
          if (f.lastIndexOf(words[j], 0) === 0 && words[j].length > n) n = words[j].length;
        }
        if (!n) continue;
        // Folding changed the word's length (a letter and its accent):
        // mark it whole rather than cut it.
        if (f.length !== tok.length) n = tok.length;
        el.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = tok.slice(0, n);
        el.appendChild(mark);
        last = m.index + n;
      }
      el.appendChild(document.createTextNode(text.slice(last)));
    }
    function resultItem(e, words) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.url;
      var t = document.createElement("span");
      t.className = "search-title";
      highlight(t, e.title, words);
      var k = document.createElement("span");
      k.className = "kind";
      var label = document.createElement("span");
      label.className = "search-kind";
      label.textContent = KINDS[e.kind] || "";
      k.appendChild(label);
      if (e.detail) {
        k.appendChild(document.createTextNode(" · "));
        highlight(k, e.detail, words);
      }
      a.appendChild(t);
      a.appendChild(k);
      li.appendChild(a);
      return li;
    }
    var form = document.querySelector("[data-search]");
    if (form) {
      var input = form.querySelector("input");
      var list = form.querySelector(".search-results");
      var render = function () {
        var q = input.value;
        var res = search(q, LIMIT);
        list.textContent = "";
        res.list.forEach(function (e) { list.appendChild(resultItem(e, res.words)); });
        if (q.trim() && !res.list.length) {
          var li = document.createElement("li");
          li.className = "note search-none";
          li.textContent = "No match.";
          list.appendChild(li);
        } else if (res.total > res.list.length) {
          var more = document.createElement("li");
          var all = document.createElement("a");
          all.className = "search-all";
          all.href = root + "search.html?q=" + encodeURIComponent(q.trim());
          all.textContent = "All " + res.total + " results";
          more.appendChild(all);
          list.appendChild(more);
        }
        list.hidden = !q.trim();
        // The query the list shows, for whoever waits for it (the browser test).
        list.setAttribute("data-query", q);
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
    // The search page lists the best PAGE_LIMIT matches for ?q=.
    var page = document.querySelector("[data-search-page]");
    if (page) {
      var q = new URLSearchParams(window.location.search).get("q") || "";
      if (form) form.querySelector("input").value = q;
      loadIndex(function () {
        var res = search(q, PAGE_LIMIT);
        res.list.forEach(function (e) { page.appendChild(resultItem(e, res.words)); });
        var sum = document.querySelector("[data-search-summary]");
        if (sum) {
          sum.textContent = !q.trim() ? "Type in the search box."
            : res.total === 1 ? "1 result for \u201c" + q + "\u201d"
            : res.total + " results for \u201c" + q + "\u201d" + (res.total > res.list.length ? ", the best " + res.list.length + " shown" : "");
        }
        page.setAttribute("data-query", q);
      });
    }
  })();
  // == end search ==
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
  // Filters fold under their "Filters" button on a phone: the panel is
  // open in the markup (so it shows without JavaScript) and closed here
  // when the screen is narrow.
  // Growing to a wide screen opens them again: there the button is hidden.
  if (window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 40rem)");
    var fold = function () {
      document.querySelectorAll("details[data-filter-panel]").forEach(function (d) { d.open = !narrow.matches; });
    };
    if (narrow.matches) fold();
    if (narrow.addEventListener) narrow.addEventListener("change", fold);
  }
  // == end pages ==
  // == findings ==
  // The Findings page (findings.html) shows one of its three views (by
  // rule, by file, by obligation or item) as ?by= says, rule when it says
  // nothing; its filters (severity, rule) hide the findings they leave out
  // and the groups they empty, and land in the URL as ?severity=&rule=, so
  // that a view can be shared. Without JavaScript the three views follow
  // each other and the view links jump to them.
  (function () {
    var views = document.querySelectorAll("[data-findings-view]");
    if (!views.length) return;
    var params = new URLSearchParams(window.location.search);
    var links = document.querySelectorAll("[data-findings-views] a[data-view]");
    function show(by) {
      var known = Array.prototype.some.call(views, function (v) { return v.getAttribute("data-findings-view") === by; });
      if (!known) by = "rule";
      views.forEach(function (v) { v.hidden = v.getAttribute("data-findings-view") !== by; });
      links.forEach(function (a) {
        if (a.getAttribute("data-view") === by) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
      return by;
    }
    links.forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        setURLParams({ by: show(a.getAttribute("data-view")) }, false);
      });
    });
    show(params.get("by"));
    var box = document.querySelector("[data-findings-filters]");
    if (!box) return;
    var selects = box.querySelectorAll("select[data-findings-filter]");
    var count = box.querySelector(".filter-count");
    function apply() {
      var want = {};
      selects.forEach(function (s) { if (s.value) want[s.getAttribute("data-findings-filter")] = s.value; });
      var shown = 0, total = 0;
      views.forEach(function (v) {
        // The rule view holds each finding once: it gives the count.
        var counts = v.getAttribute("data-findings-view") === "rule";
        v.querySelectorAll(".finding-group").forEach(function (g) {
          var any = false;
          g.querySelectorAll("li[data-rule]").forEach(function (li) {
            var ok = true;
            for (var k in want) {
              if (li.getAttribute("data-" + k) !== want[k]) { ok = false; break; }
            }
            li.hidden = !ok;
            any = any || ok;
            if (counts) { total++; if (ok) shown++; }
          });
          g.hidden = !any;
        });
      });
      if (count) count.textContent = shown + " of " + total + " shown";
    }
    bindURLSelects(selects, "data-findings-filter", apply, false);
    box.hidden = false;
    apply();
  })();
  // == end findings ==
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
