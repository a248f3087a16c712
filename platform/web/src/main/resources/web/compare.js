// Runs side by side (compare.html?ids=1,2): the settings in which their configurations differ,
// their curves overlaid (one chart per metric, a line per run) and their summaries.
"use strict";
const ids = (parameter("ids") || "").split(",").map(s => s.trim()).filter(s => /^\d+$/.test(s));

function header(table, runs) {
  table.querySelector("thead").replaceChildren(el("tr", {}, el("th", {}, ""),
    ...runs.map(d => el("th", {}, "run ", runLink(d.run.id)))));
}

function showDiff(runs) {
  const table = document.getElementById("diff");
  header(table, runs);
  const settings = runs.map(d => Object.assign({ experiment: d.run.experiment, seed: String(d.run.seed),
    status: d.run.status, tags: d.run.tags.join(",") }, d.settings));
  const keys = [...new Set(settings.flatMap(s => Object.keys(s)))].sort();
  const body = table.querySelector("tbody");
  body.replaceChildren();
  for (const key of keys) {
    const values = settings.map(s => key in s ? s[key] : "-");
    if (new Set(values).size > 1 || key === "seed" || key === "status") {
      body.appendChild(el("tr", { class: "differs" }, el("th", {}, key), ...values.map(v => el("td", {}, v))));
    }
  }
}

function showSummary(runs) {
  const table = document.getElementById("summary");
  header(table, runs);
  const keys = [...new Set(runs.flatMap(d => Object.keys(d.run.summary)))];
  const body = table.querySelector("tbody");
  body.replaceChildren();
  for (const key of keys) {
    body.appendChild(el("tr", {}, el("th", {}, key), ...runs.map(d => el("td", {}, formatted(d.run.summary[key])))));
  }
}

async function main() {
  if (ids.length < 2) {
    problem("choose two or more runs on the runs page (compare.html?ids=1,2)");
    return;
  }
  document.getElementById("title").textContent = "compare runs " + ids.join(", ");
  const runs = await Promise.all(ids.map(id => getJson("api/runs/" + id)));
  const histories = await Promise.all(ids.map(id => getJson("api/runs/" + id + "/history")));
  showDiff(runs);
  showSummary(runs);
  const labels = {};
  runs.forEach(d => d.metrics.forEach(m => { labels[m.key] = m.label; }));
  const keys = orderedKeys(histories.flatMap(h => Object.keys(h.series)));
  const charts = document.getElementById("charts");
  for (const key of keys) {
    const chart = new LineChart(charts, key, (labels[key] || key) + " (" + key + ")");
    runs.forEach((d, i) => chart.add("run " + d.run.id, histories[i].series[key] || []));
  }
}

main().catch(e => problem("could not compare: " + e.message));
