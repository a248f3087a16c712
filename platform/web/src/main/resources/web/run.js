// A run's page: its facts, tags, note, summary and configuration; a curve per metric that gains
// points while the run trains (Server-Sent Events from api/runs/ID/events); completions with the
// rule checks; checkpoint download; delete.
"use strict";
const id = parameter("id");
const charts = new Map();
let metrics = {};
let sawRunning = false;

function chartOf(key) {
  let c = charts.get(key);
  if (!c) {
    const m = metrics[key];
    c = new LineChart(document.getElementById("charts"), key, m ? m.label + " (" + key + ")" : key);
    charts.set(key, c);
  }
  return c;
}

function showTags(tags) {
  const p = document.getElementById("tags");
  p.replaceChildren();
  if (tags.length === 0) { p.appendChild(document.createTextNode("no tags")); }
  for (const t of tags) {
    p.appendChild(el("span", { class: "tag" }, t, el("button", { class: "untag", title: "remove " + t,
      onclick: () => change("POST", "api/runs/" + id + "/tags", { remove: [t] }).then(a => showTags(a.tags)).catch(e => problem(e.message)) },
      "×")));
  }
}

function showDetail(d) {
  const r = d.run;
  document.title = "NonID run " + r.id;
  document.getElementById("title").replaceChildren("run " + r.id + " · ", experimentLink(r.experiment),
    " trial " + r.trial + " · seed " + r.seed);
  const status = document.getElementById("status");
  status.textContent = r.status;
  status.className = "status " + r.status;
  document.getElementById("reason").textContent = r.reason;
  const facts = document.querySelector("#facts tbody");
  facts.replaceChildren();
  for (const [k, v] of [["language", r.language], ["model", r.model], ["condition", r.condition], ["backend", r.backend],
    ["last step", r.step < 0 ? "-" : r.step], ["started", r.started], ["ended", r.ended || "-"], ["measures", r.measures.join(", ")]]) {
    facts.appendChild(el("tr", {}, el("th", {}, k), el("td", {}, v)));
  }
  showTags(r.tags);
  document.getElementById("note").value = d.note;
  document.getElementById("note-text").textContent = d.note || "none";
  const checkpoint = document.getElementById("checkpoint");
  checkpoint.hidden = !d.checkpoint;
  checkpoint.href = "api/runs/" + r.id + "/checkpoint";
  metrics = {};
  for (const m of d.metrics) { metrics[m.key] = m; }
  const summary = document.querySelector("#summary tbody");
  summary.replaceChildren();
  for (const [k, v] of Object.entries(r.summary)) {
    const m = metrics[k.replace(/^(best|min|max)\//, "")];
    summary.appendChild(el("tr", {}, el("td", {}, k), el("td", {}, formatted(v, m ? m.format : "NUMBER"))));
  }
  const settings = document.querySelector("#settings tbody");
  settings.replaceChildren();
  for (const [k, v] of Object.entries(d.settings)) {
    settings.appendChild(el("tr", {}, el("th", {}, k), el("td", {}, v)));
  }
  document.getElementById("environment").textContent = JSON.stringify(d.environment, null, 2);
}

function loadDetail() {
  return getJson("api/runs/" + id).then(d => { showDetail(d); return d; });
}

function follow() {
  const live = document.getElementById("live");
  const events = new EventSource("api/runs/" + id + "/events");
  events.addEventListener("points", e => {
    const history = JSON.parse(e.data);
    for (const key of orderedKeys(Object.keys(history.series))) { chartOf(key).add("run " + id, history.series[key]); }
  });
  events.addEventListener("status", e => {
    const s = JSON.parse(e.data);
    live.hidden = s.status !== "running";
    sawRunning = sawRunning || s.status === "running";
    const status = document.getElementById("status");
    status.textContent = s.status;
    status.className = "status " + s.status;
  });
  events.addEventListener("end", () => {
    events.close();
    live.hidden = true;
    if (!sawRunning) { return; }
    loadDetail().then(d => { if (d.checkpoint) { loadCompletions(); } }).catch(e => problem(e.message));
  });
}

function verdict(ok) {
  return el("td", { class: ok ? "holds" : "broken" }, ok ? "✓" : "✗");
}

function completionTable(title, lines, total, rules) {
  const head = el("tr", {}, el("th", {}, "prompt"), el("th", {}, "completion"), el("th", {}, "EOS"),
    ...rules.map(r => el("th", { title: r.summary }, r.id)), el("th", {}, "grammatical"));
  const body = el("tbody");
  for (const l of lines) {
    body.appendChild(el("tr", {}, el("td", {}, l.prompt), el("td", {}, l.completion), verdict(l.finished),
      ...l.rules.map(verdict), verdict(l.grammatical)));
  }
  return el("div", {}, el("h3", {}, title + " (" + lines.length + " of " + total + " prompts)"),
    el("table", { class: "completions" }, el("thead", {}, head), body));
}

function loadCompletions() {
  const box = document.getElementById("completions");
  box.replaceChildren(el("p", {}, "completing the prompts…"));
  getJson("api/runs/" + id + "/completions").then(c => {
    box.replaceChildren(el("p", {}, "rules: ", ...c.rules.flatMap(r => [el("b", {}, r.id), " " + r.summary + "; "])),
      completionTable("in distribution", c.inDistribution, c.inDistributionTotal, c.rules),
      completionTable("out of distribution", c.outOfDistribution, c.outOfDistributionTotal, c.rules));
  }).catch(e => box.replaceChildren(el("p", {}, "no completions: " + e.message)));
}

document.getElementById("add-tag").addEventListener("click", () => {
  const input = document.getElementById("new-tag");
  change("POST", "api/runs/" + id + "/tags", { add: [input.value.trim()] })
    .then(a => { input.value = ""; problem(""); showTags(a.tags); }).catch(e => problem(e.message));
});
document.getElementById("save-note").addEventListener("click", () => {
  change("POST", "api/runs/" + id + "/note", { note: document.getElementById("note").value })
    .then(a => {
      document.getElementById("note-saved").textContent = "saved";
      document.getElementById("note-text").textContent = a.note || "none";
      problem("");
    }).catch(e => problem(e.message));
});
document.getElementById("delete").addEventListener("click", () => {
  if (!window.confirm("Delete run " + id + " with its history, checkpoints and completions?")) { return; }
  change("DELETE", "api/runs/" + id).then(() => { window.location.href = "index.html"; }).catch(e => problem(e.message));
});

loadDetail().then(d => {
  follow();
  if (d.run.status !== "running" && d.checkpoint) { loadCompletions(); }
}).catch(e => problem("could not read run " + id + ": " + e.message));
