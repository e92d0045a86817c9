// A board's search page: reads jobs.json once, filters and sorts in memory, keeps every filter in the URL.
// Values from jobs.json are only ever set as textContent or checked URLs, never as HTML.
"use strict";
(function () {
  var PAGE = 100; // rows shown at first and added by "Show more": the DOM stays small at 6,000 jobs
  var DAY = 86400000;
  var MODE_LABELS = { remote: "Remote", hybrid: "Hybrid", "on-site": "On site", unknown: "Not stated" };
  var LEVELS = ["intern", "junior", "mid", "senior", "lead", "staff", "principal", "manager", "director", "executive"];
  var FACETS = ["mode", "level", "type", "term", "skill", "country", "company"]; // counted per value
  var GROUPS = ["mode", "level", "type", "term", "skill"]; // checkbox lists
  var MAX_SKILLS = 40;

  var app = document.getElementById("app");
  var cfg = JSON.parse(app.getAttribute("data-board"));
  var form = document.getElementById("filters");
  var el = function (id) { return document.getElementById(id); };
  var jobs = [];
  var updated = Date.parse(cfg.updated) || Date.now(); // "posted in the last N days" counts back from the board's update
  var shown = PAGE;
  var typing = false;
  var regionNames = null;
  try { regionNames = new Intl.DisplayNames(["en"], { type: "region" }); } catch (e) { regionNames = null; }

  function countryName(code) {
    if (!code) return "";
    try { return (regionNames && regionNames.of(code)) || code; } catch (e) { return code; }
  }

  function safeUrl(url) {
    try {
      var u = new URL(url, location.href);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (e) { return null; }
  }

  function make(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // ---- data ----
  function usd(amount, cur) {
    var rate = cfg.rates[cur];
    return rate ? amount / rate : null;
  }

  function compact(n) {
    if (n >= 1000) return (Math.round(n / 100) / 10).toString().replace(/\.0$/, "") + "k";
    return String(Math.round(n * 100) / 100);
  }

  var PERIODS = { year: "/yr", month: "/mo", week: "/wk", day: "/day", hour: "/hr" };
  function salaryText(s) {
    if (!s) return "";
    var c = s.currency + " ";
    var per = PERIODS[s.period] || "";
    if (s.min != null && s.max != null && s.min !== s.max) return c + compact(s.min) + "–" + compact(s.max) + per;
    if (s.min != null && s.max != null) return c + compact(s.min) + per;
    if (s.min != null) return "from " + c + compact(s.min) + per;
    if (s.max != null) return "up to " + c + compact(s.max) + per;
    return "";
  }

  // Each facet's values of a job: a list for skills and terms, one string (or "") for the others.
  var MULTI = { skill: "skills", term: "terms" };
  var SINGLE = { mode: "work_mode", level: "seniority", type: "employment_type", country: "country", company: "company" };

  function prepare(raw) {
    for (var i = 0; i < raw.length; i++) {
      var j = raw[i];
      var s = j.salary;
      j._usd = s && s.annual != null ? usd(s.annual, s.currency) : null;
      j._open = j.active !== false;
      j._order = i;
      if (!j.skills) j.skills = [];
      if (!j.terms) j.terms = [];
      if (!j.work_mode) j.work_mode = "unknown";
    }
    return raw;
  }

  function haystack(j) { // built on the first search, not at load
    return (j._text = [j.title, j.company, j.location, j.skills.join(" ")].join(" \u0001 ").toLowerCase());
  }

  function count(counts, facet, j) {
    var c = counts[facet];
    var many = MULTI[facet];
    if (many) {
      var vs = j[many];
      for (var k = 0; k < vs.length; k++) c[vs[k]] = (c[vs[k]] || 0) + 1;
    } else {
      var v = j[SINGLE[facet]];
      if (v) c[v] = (c[v] || 0) + 1;
    }
  }

  // ---- state <-> URL ----
  function readState(search) {
    var p = new URLSearchParams(search);
    var st = {
      q: p.get("q") || "",
      sort: p.get("sort") || "date",
      days: p.get("days") || "",
      salary: p.get("salary") || "",
      cur: p.get("cur") || "USD",
      closed: p.get("closed") === "1",
      country: p.get("country") || "",
      company: p.get("company") || "",
    };
    GROUPS.forEach(function (g) { st[g] = p.getAll(g); });
    return st;
  }

  function stateQuery(st) {
    var p = new URLSearchParams();
    if (st.q) p.set("q", st.q);
    GROUPS.forEach(function (g) { st[g].forEach(function (v) { p.append(g, v); }); });
    ["country", "company", "days", "salary"].forEach(function (k) { if (st[k]) p.set(k, st[k]); });
    if (st.salary && st.cur !== "USD") p.set("cur", st.cur);
    if (st.closed) p.set("closed", "1");
    if (st.sort !== "date") p.set("sort", st.sort);
    var q = p.toString();
    return q ? "?" + q : location.pathname;
  }

  function formState() {
    var st = {
      q: el("q").value.trim(),
      sort: el("sort").value,
      days: el("days").value,
      salary: el("salary").value,
      cur: el("cur").value,
      closed: el("closed").checked,
      country: el("country").value,
      company: el("company").value,
    };
    GROUPS.forEach(function (g) {
      st[g] = [];
      var boxes = el(g).querySelectorAll("input");
      for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) st[g].push(boxes[i].value);
    });
    return st;
  }

  function setSelect(select, value, keepUnknown) {
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    if (value && !known && keepUnknown) {
      select.appendChild(make("option", null, value)).value = value; // a shared link to a company no longer listed
    } else if (!known) {
      value = select.options[0].value; // the default for a value this page does not know
    }
    select.value = value;
  }

  function applyState(st) {
    el("q").value = st.q;
    setSelect(el("sort"), st.sort);
    setSelect(el("days"), st.days);
    el("salary").value = st.salary;
    setSelect(el("cur"), cfg.rates[st.cur] ? st.cur : "USD");
    el("closed").checked = st.closed;
    setSelect(el("country"), st.country, true);
    setSelect(el("company"), st.company, true);
    GROUPS.forEach(function (g) {
      var want = {};
      st[g].forEach(function (v) { want[v] = true; });
      var boxes = el(g).querySelectorAll("input");
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = !!want[boxes[i].value];
      st[g].forEach(function (v) { if (!facetBox(g, v)) addBox(g, v, true); });
    });
  }

  // ---- controls ----
  var boxIndex = {};
  function facetBox(group, value) { return boxIndex[group + "\u0000" + value]; }

  function addBox(group, value, checked) {
    var id = group + "-" + Object.keys(boxIndex).length;
    var wrap = make("span", "check");
    var box = make("input");
    box.type = "checkbox"; box.id = id; box.name = group; box.value = value; box.checked = !!checked;
    var label = make("label");
    label.htmlFor = id;
    var name = make("span", null, group === "mode" ? MODE_LABELS[value] || value : value);
    var count = make("span", "count");
    label.appendChild(name); label.appendChild(count);
    wrap.appendChild(box); wrap.appendChild(label);
    el(group).appendChild(wrap);
    var entry = { input: box, count: count, wrap: wrap };
    boxIndex[group + "\u0000" + value] = entry;
    return entry;
  }

  var optionIndex = { country: {}, company: {} };
  function buildControls() {
    var cur = document.createDocumentFragment();
    Object.keys(cfg.rates).sort().forEach(function (c) { cur.appendChild(make("option", null, c)).value = c; });
    el("cur").appendChild(cur);
    el("cur").value = "USD";
    var all = {};
    FACETS.forEach(function (f) { all[f] = {}; });
    for (var i = 0; i < jobs.length; i++) for (var f = 0; f < FACETS.length; f++) count(all, FACETS[f], jobs[i]);
    ["remote", "hybrid", "on-site", "unknown"].forEach(function (m) { if (all.mode[m]) addBox("mode", m); });
    LEVELS.forEach(function (l) { if (all.level[l]) addBox("level", l); });
    Object.keys(all.type).sort().forEach(function (t) { addBox("type", t); });
    Object.keys(all.term).sort().forEach(function (t) { addBox("term", t); });
    var skills = all.skill;
    Object.keys(skills).sort(function (a, b) { return skills[b] - skills[a] || (a < b ? -1 : 1); })
      .slice(0, MAX_SKILLS).forEach(function (s) { addBox("skill", s); });
    GROUPS.forEach(function (g) { if (!el(g).querySelector("input")) el(g).hidden = true; });
    addOptions("country", Object.keys(all.country).map(function (c) { return [countryName(c), c]; })
      .sort(function (a, b) { return a[0] < b[0] ? -1 : 1; }));
    addOptions("company", Object.keys(all.company).map(function (c) { return [c.toLowerCase(), c]; })
      .sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; })
      .map(function (pair) { return [pair[1], pair[1]]; }));
  }

  function addOptions(select, pairs) { // [label, value] pairs, appended at once
    var frag = document.createDocumentFragment();
    for (var i = 0; i < pairs.length; i++) {
      var option = make("option");
      option.value = pairs[i][1];
      frag.appendChild(option);
      optionIndex[select][pairs[i][1]] = { option: option, label: pairs[i][0], count: -1 };
    }
    el(select).appendChild(frag);
  }

  // ---- filtering ----
  // Each filter is a test on a job; a job passing all of them is shown. Counts per facet value are
  // of the jobs passing every *other* filter (so choosing "Remote" still shows how many are hybrid).
  function tests(st) {
    var list = [];
    if (!st.closed) list.push([null, function (j) { return j._open; }]);
    if (st.q) {
      var words = st.q.toLowerCase().split(/\s+/).filter(Boolean);
      list.push([null, function (j) {
        var text = j._text || haystack(j);
        for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) < 0) return false;
        return true;
      }]);
    }
    var days = parseFloat(st.days);
    if (days > 0) { // posted_at strings compare as times do: one ISO format, UTC
      var since = new Date(updated - days * DAY).toISOString().slice(0, 19) + "Z";
      list.push([null, function (j) { return j.posted_at >= since; }]);
    }
    var floor = parseFloat(st.salary);
    if (floor > 0) {
      var floorUsd = usd(floor, st.cur);
      if (floorUsd != null) list.push([null, function (j) { return j._usd != null && j._usd >= floorUsd; }]);
    }
    ["mode", "level", "type", "term"].forEach(function (g) {
      if (!st[g].length) return;
      var want = {};
      st[g].forEach(function (v) { want[v] = true; });
      var many = MULTI[g], one = SINGLE[g];
      list.push([g, many ? function (j) {
        var vs = j[many];
        for (var i = 0; i < vs.length; i++) if (want[vs[i]]) return true;
        return false;
      } : function (j) { return want[j[one]] === true; }]);
    });
    if (st.skill.length) {
      list.push(["skill", function (j) {
        for (var i = 0; i < st.skill.length; i++) if (j.skills.indexOf(st.skill[i]) < 0) return false;
        return true;
      }]);
    }
    if (st.country) list.push(["country", function (j) { return j.country === st.country; }]);
    if (st.company) list.push(["company", function (j) { return j.company === st.company; }]);
    return list;
  }

  function run(st) {
    var list = tests(st);
    var counts = {};
    FACETS.forEach(function (f) { counts[f] = {}; });
    var matches = [];
    for (var i = 0; i < jobs.length; i++) {
      var j = jobs[i];
      var failed = null, fails = 0;
      for (var t = 0; t < list.length && fails < 2; t++) {
        if (!list[t][1](j)) { fails++; failed = list[t][0]; if (failed === null) fails = 2; }
      }
      if (fails === 0) matches.push(j);
      if (fails >= 2) continue;
      for (var f = 0; f < FACETS.length; f++) {
        var facet = FACETS[f];
        if (fails === 1 && failed !== facet) continue;
        count(counts, facet, j);
      }
    }
    if (st.sort === "salary") {
      matches.sort(function (a, b) {
        if (a._usd === b._usd) return a._order - b._order;
        if (a._usd == null) return 1;
        if (b._usd == null) return -1;
        return b._usd - a._usd;
      });
    } else if (st.sort === "company") {
      for (var m = 0; m < matches.length; m++) {
        if (matches[m]._company === undefined) matches[m]._company = (matches[m].company || "").toLowerCase();
      }
      matches.sort(function (a, b) {
        return a._company < b._company ? -1 : a._company > b._company ? 1 : a._order - b._order;
      });
    }
    return { matches: matches, counts: counts };
  }

  // ---- rendering ----
  function showCounts(counts) {
    Object.keys(boxIndex).forEach(function (key) {
      var at = key.indexOf("\u0000");
      var n = counts[key.slice(0, at)][key.slice(at + 1)] || 0;
      var entry = boxIndex[key];
      var text = " (" + n + ")";
      if (entry.count.textContent !== text) entry.count.textContent = text;
      entry.wrap.classList.toggle("none", n === 0 && !entry.input.checked);
    });
    ["country", "company"].forEach(function (select) {
      var index = optionIndex[select], c = counts[select];
      for (var value in index) {
        var o = index[value], n = c[value] || 0;
        if (o.count !== n) { o.count = n; o.option.textContent = o.label + " (" + n + ")"; }
      }
    });
  }

  function row(j) {
    var li = make("li", j._open ? "job" : "job closed");
    var h = make("h2");
    var url = safeUrl(j.url);
    var title = url ? make("a", null, j.title) : make("span", null, j.title);
    if (url) { title.href = url; title.rel = "noopener noreferrer"; }
    h.appendChild(title);
    if (!j._open) h.appendChild(make("span", "badge", j.closed_reason ? "closed: " + j.closed_reason : "closed"));
    li.appendChild(h);
    var meta = make("p", "meta");
    var company = make("span", "company", j.company || "—");
    meta.appendChild(company);
    var where = j.location || "";
    var mode = j.work_mode === "remote" || j.work_mode === "hybrid" ? MODE_LABELS[j.work_mode] : "";
    if (mode && where.toLowerCase().indexOf(j.work_mode) < 0) where = where ? where + " · " + mode : mode; // as the README says it
    if (where) meta.appendChild(make("span", null, where));
    var pay = salaryText(j.salary);
    if (pay) meta.appendChild(make("span", "salary", pay));
    var details = [j.seniority, j.employment_type].concat(j.terms || []).filter(Boolean).join(" · ");
    if (details) meta.appendChild(make("span", null, details));
    var time = make("time", null, j.posted_at.slice(0, 10));
    time.dateTime = j.posted_at;
    meta.appendChild(time);
    li.appendChild(meta);
    if (j.skills && j.skills.length) li.appendChild(make("p", "skills", j.skills.slice(0, 12).join(", ")));
    return li;
  }

  var last = null;
  function render(st, append) {
    var t0 = performance.now();
    var result = last && append ? last : run(st);
    last = result;
    var list = el("results");
    var frag = document.createDocumentFragment();
    var from = append ? list.children.length : 0;
    var to = Math.min(shown, result.matches.length);
    for (var i = from; i < to; i++) frag.appendChild(row(result.matches[i]));
    if (!append) list.textContent = "";
    list.appendChild(frag);
    el("more").hidden = to >= result.matches.length;
    if (!append) showCounts(result.counts);
    var total = result.matches.length;
    el("status").textContent = total === 0 ? "No jobs match these filters."
      : total + (total === 1 ? " job" : " jobs") + (to < total ? " (showing " + to + ")" : "");
    app.setAttribute("data-script-ms", (performance.now() - t0).toFixed(1));
  }

  function update(push) {
    var st = formState();
    shown = PAGE;
    var query = stateQuery(st);
    if (query !== location.search && !(query === location.pathname && !location.search)) {
      (push ? history.pushState : history.replaceState).call(history, null, "", query);
    }
    render(st, false);
  }

  function start(data) {
    jobs = prepare(data.jobs || []);
    buildControls();
    applyState(readState(location.search));
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("change", function (e) {
      if (e.target.id === "q") return; // typed text is already applied
      typing = false;
      update(true);
    });
    el("q").addEventListener("input", function () { update(!typing); typing = true; });
    el("salary").addEventListener("input", function () { update(false); });
    el("reset").addEventListener("click", function () {
      applyState(readState(""));
      typing = false;
      update(true);
    });
    el("more").addEventListener("click", function () {
      var first = el("results").children.length;
      shown += PAGE;
      render(formState(), true);
      var next = el("results").children[first];
      var link = next && next.querySelector("a");
      if (link) link.focus();
    });
    window.addEventListener("popstate", function () {
      typing = false;
      applyState(readState(location.search));
      shown = PAGE;
      render(formState(), false);
    });
    el("fallback").hidden = true;
    if (window.matchMedia("(min-width: 50rem)").matches) el("more-filters").open = true; // folded on phones
    form.hidden = false;
    render(formState(), false);
    app.setAttribute("data-ready", "1");
  }

  var t0 = performance.now();
  fetch(cfg.jobs, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("jobs.json: HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      var t1 = performance.now();
      start(data);
      app.setAttribute("data-first-render-ms", (performance.now() - t1).toFixed(1));
      app.setAttribute("data-load-ms", (performance.now() - t0).toFixed(1));
    })
    .catch(function (err) {
      el("status").textContent = "The jobs could not be loaded (" + err.message + "). The list on GitHub has them all.";
    });
})();
