// The runs table: fetched from api/runs (with the metric columns the runs' measures list), sorted by
// a click on a header, filtered by words.
"use strict";
let runs = [];
let columns = [];
let sortKey = "id";
let ascending = true;

function value(run, key) {
  if (key === "tags") { return run.tags.join(","); }
  if (key.includes("/")) { return run.summary[key]; }
  return run[key];
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "-" : text;
  return td;
}

function number(v) {
  return typeof v === "number" ? v.toFixed(4) : v;
}

function render() {
  const words = document.getElementById("filter").value.toLowerCase().split(/\s+/).filter(w => w.length > 0);
  const shown = runs.filter(r => {
    const text = [r.experiment, r.language, r.model, r.condition, r.status, r.tags.join(" ")].join(" ").toLowerCase();
    return words.every(w => text.includes(w));
  });
  shown.sort((a, b) => {
    const x = value(a, sortKey), y = value(b, sortKey);
    if (x === y) { return a.id - b.id; }
    if (x === undefined || x === null) { return 1; }
    if (y === undefined || y === null) { return -1; }
    return (x < y ? -1 : 1) * (ascending ? 1 : -1);
  });
  const body = document.querySelector("#runs tbody");
  body.replaceChildren();
  for (const r of shown) {
    const tr = document.createElement("tr");
    tr.id = "run-" + r.id;
    tr.className = r.status;
    for (const key of ["id", "experiment", "trial", "seed", "language", "model", "condition", "status", "step"]) {
      tr.appendChild(cell(key === "step" && r.step < 0 ? "-" : r[key]));
    }
    for (const c of columns) {
      tr.appendChild(cell(number(r.summary[c.key])));
    }
    tr.appendChild(cell(r.tags.join(", ")));
    body.appendChild(tr);
  }
  document.getElementById("count").textContent = shown.length + " of " + runs.length + " runs";
}

function headers() {
  const tags = document.querySelector("#runs th[data-key=tags]");
  for (const c of columns) {
    const th = document.createElement("th");
    th.dataset.key = c.key;
    th.textContent = c.label;
    tags.before(th);
  }
  document.querySelectorAll("#runs th").forEach(th => th.addEventListener("click", () => {
    ascending = sortKey === th.dataset.key ? !ascending : true;
    sortKey = th.dataset.key;
    render();
  }));
}

document.getElementById("filter").addEventListener("input", render);

fetch("api/runs")
  .then(response => response.json())
  .then(answer => { columns = answer.columns; runs = answer.runs; headers(); render(); })
  .catch(e => { document.getElementById("problem").textContent = "could not read the runs: " + e; });
