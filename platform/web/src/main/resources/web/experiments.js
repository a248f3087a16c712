// The recorded experiments, each with how many of its runs have each status.
"use strict";
getJson("api/experiments").then(list => {
  const body = document.querySelector("#experiments tbody");
  for (const e of list) {
    body.appendChild(el("tr", { id: "experiment-" + e.name }, el("td", {}, experimentLink(e.name)), el("td", {}, e.source),
      el("td", {}, e.trials), el("td", {}, e.runs),
      el("td", {}, Object.entries(e.statuses).map(([s, n]) => n + " " + s).join(", ")), el("td", {}, e.created)));
  }
  if (list.length === 0) { problem("no experiments recorded yet: nonid:run FILE records one"); }
}).catch(e => problem("could not read the experiments: " + e.message));
