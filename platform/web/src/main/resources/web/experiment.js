// An experiment's page: its trials with the columns its measures show and each group's mean, a curve
// per seed with the group's mean for the losses and the first listed metric, its report, delete.
"use strict";
const name = parameter("name");

function group(r) {
  return r.language + " · " + r.model + " · " + r.condition;
}

// The mean of the values that are numbers (for curves), null when there are none.
function mean(values) {
  const v = values.filter(x => typeof x === "number");
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
}

function showTrials(e) {
  const table = document.getElementById("trials");
  table.querySelector("thead").replaceChildren(el("tr", {}, el("th", {}, ""), el("th", {}, "run"), el("th", {}, "trial"),
    el("th", {}, "seed"), el("th", {}, "group"), el("th", {}, "status"), ...e.columns.map(c => el("th", {}, c.label))));
  const body = table.querySelector("tbody");
  body.replaceChildren();
  const reported = new Set(e.reported);
  for (const r of e.runs) {
    body.appendChild(el("tr", { id: "run-" + r.id, class: r.status }, el("td", {}, reported.has(r.id) ? "●" : ""),
      el("td", {}, runLink(r.id)), el("td", {}, r.trial), el("td", {}, r.seed), el("td", {}, group(r)), el("td", {}, r.status),
      ...e.columns.map(c => el("td", {}, formatted(r.summary[c.key], c.format)))));
  }
  const byId = new Map(e.runs.map(r => [r.id, r]));
  const groups = new Map();
  for (const g of e.groups) {
    groups.set(g.label, g.runs.map(id => byId.get(id)));
    body.appendChild(el("tr", { class: "mean" }, el("td", {}, ""), el("td", {}, "mean"), el("td", {}, ""),
      el("td", {}, g.runs.length + " seeds"), el("td", {}, g.label), el("td", {}, ""),
      ...e.columns.map(c => el("td", { title: "sd " + formatted(g.stats[c.key].sd, c.format) + " over " + g.stats[c.key].n },
        formatted(g.stats[c.key].mean, c.format)))));
  }
  return groups;
}

// The mean of the groups' series at the steps every one of them has.
function meanSeries(serieses) {
  const byStep = new Map();
  for (const s of serieses) {
    for (const [step, v] of s) {
      if (!byStep.has(step)) { byStep.set(step, []); }
      byStep.get(step).push(v);
    }
  }
  return [...byStep.entries()].filter(([, vs]) => vs.length === serieses.length && vs.every(v => v !== null))
    .map(([step, vs]) => [step, mean(vs)]).sort((a, b) => a[0] - b[0]);
}

async function showCurves(e, groups) {
  const listed = e.columns.map(c => c.key.replace(/^(best|min|max)\//, "")).filter(k => k.startsWith("ood/"));
  const keys = ["train/loss", "val/loss", ...listed.slice(0, 1)];
  const reportedRuns = [...groups.values()].flat();
  const histories = new Map();
  await Promise.all(reportedRuns.map(r => getJson("api/runs/" + r.id + "/history").then(h => histories.set(r.id, h))));
  const labels = { "train/loss": "train loss", "val/loss": "validation loss" };
  e.columns.forEach(c => { labels[c.key.replace(/^(best|min|max)\//, "")] = c.label.replace(/ \((max|min)\)$/, ""); });
  const charts = document.getElementById("charts");
  for (const key of keys) {
    const chart = new LineChart(charts, key, (labels[key] || key) + " (" + key + ")");
    let g = 0;
    for (const [groupName, runs] of groups) {
      const color = PALETTE[g++ % PALETTE.length];
      for (const r of runs) {
        chart.add(groupName + " · seed " + r.seed, histories.get(r.id).series[key] || [], { color: color, width: 0.8 });
      }
      chart.add(groupName + " · mean", meanSeries(runs.map(r => histories.get(r.id).series[key] || [])),
        { color: color, width: 3 });
    }
  }
}

function showReport(address) {
  const link = document.getElementById("report");
  link.hidden = !address;
  if (address) { link.href = address; }
}

async function main() {
  if (!name) { problem("no experiment named (experiment.html?name=...)"); return; }
  const e = await getJson("api/experiment?name=" + encodeURIComponent(name));
  document.title = "NonID experiment " + name;
  document.getElementById("title").textContent = "experiment " + name;
  document.getElementById("text").textContent = e.text;
  document.getElementById("overrides").textContent = e.overrides.length ? "overrides: " + e.overrides.join(" ") : "";
  showReport(e.report);
  const groups = showTrials(e);
  await showCurves(e, groups);
}

document.getElementById("write-report").addEventListener("click", () => {
  change("POST", "api/report?name=" + encodeURIComponent(name))
    .then(a => { problem(""); showReport(a.page); }).catch(e => problem("no report: " + e.message));
});
document.getElementById("delete").addEventListener("click", () => {
  if (!window.confirm("Delete experiment " + name + " and every run of it?")) { return; }
  change("DELETE", "api/experiment?name=" + encodeURIComponent(name))
    .then(() => { window.location.href = "experiments.html"; }).catch(e => problem(e.message));
});

main().catch(e => problem("could not read experiment " + name + ": " + e.message));
