// The runs table: fetched from api/runs (with the metric columns the runs' measures list), sorted by
// a click on a header, filtered by words; runs ticked are compared side by side.
"use strict";
let runs = [];
let columns = [];
let sortKey = "id";
let ascending = true;
const selected = new Set();

function value(run, key) {
  if (key === "tags") { return run.tags.join(","); }
  if (key.includes("/")) { return run.summary[key]; }
  return run[key];
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
    const box = el("input", { type: "checkbox", class: "pick", value: String(r.id), onchange: e => {
      if (e.target.checked) { selected.add(r.id); } else { selected.delete(r.id); }
      document.getElementById("compare").disabled = selected.size < 2;
    } });
    box.checked = selected.has(r.id);
    const tr = el("tr", { id: "run-" + r.id, class: r.status },
      el("td", {}, box), el("td", {}, runLink(r.id)), el("td", {}, experimentLink(r.experiment)));
    for (const key of ["trial", "seed", "language", "model", "condition", "status", "step"]) {
      tr.appendChild(el("td", {}, key === "step" && r.step < 0 ? "-" : r[key]));
    }
    for (const c of columns) {
      tr.appendChild(el("td", {}, formatted(r.summary[c.key], c.format)));
    }
    tr.appendChild(el("td", {}, r.tags.join(", ")));
    body.appendChild(tr);
  }
  document.getElementById("count").textContent = shown.length + " of " + runs.length + " runs";
}

function headers() {
  const tags = document.querySelector("#runs th[data-key=tags]");
  for (const c of columns) {
    tags.before(el("th", { dataset: { key: c.key } }, c.label));
  }
  document.querySelectorAll("#runs th[data-key]").forEach(th => th.addEventListener("click", () => {
    ascending = sortKey === th.dataset.key ? !ascending : true;
    sortKey = th.dataset.key;
    document.querySelectorAll("#runs th").forEach(h => h.classList.remove("up", "down"));
    th.classList.add(ascending ? "up" : "down");
    render();
  }));
}

document.getElementById("filter").addEventListener("input", render);
document.getElementById("compare").addEventListener("click", () => {
  window.location.href = "compare.html?ids=" + [...selected].sort((a, b) => a - b).join(",");
});

getJson("api/runs")
  .then(answer => { columns = answer.columns; runs = answer.runs; headers(); render(); })
  .catch(e => problem("could not read the runs: " + e.message));
