// What every dashboard page shares: building elements (text is always set as text, never as HTML),
// reading the API, and sending changes with the session's token.
"use strict";

function el(tag, attributes, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) {
    if (k === "class") { e.className = v; }
    else if (k.startsWith("on")) { e.addEventListener(k.substring(2), v); }
    else if (k === "dataset") { Object.assign(e.dataset, v); }
    else { e.setAttribute(k, v); }
  }
  for (const c of children) {
    if (c === null || c === undefined) { continue; }
    e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return e;
}

function parameter(name) {
  return new URLSearchParams(window.location.search).get(name);
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) { throw new Error(body.error || response.statusText); }
  return body;
}

let tokenPromise = null;

function token() {
  if (tokenPromise === null) {
    tokenPromise = getJson("api/session").then(s => s.token);
  }
  return tokenPromise;
}

// POST or DELETE with the session's token; resolves to the answer, rejects with the server's reason.
async function change(method, url, body) {
  const headers = { "X-NonID-Token": await token() };
  if (body !== undefined) { headers["Content-Type"] = "application/json"; }
  const response = await fetch(url, { method: method, headers: headers,
    body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) { throw new Error(answer.error || response.statusText); }
  return answer;
}

function problem(text) {
  const p = document.getElementById("problem");
  p.textContent = text;
  p.hidden = !text;
}

// A metric value as its description says: a number, or a signed percentage.
function formatted(value, format) {
  if (value === null || value === undefined) { return "-"; }
  if (typeof value !== "number") { return String(value); }
  if (format === "SIGNED_PERCENT") { return (value >= 0 ? "+" : "") + (100 * value).toFixed(1) + "%"; }
  return Math.abs(value) >= 1000 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toPrecision(4) : value.toFixed(4);
}

function runLink(id) {
  return el("a", { href: "run.html?id=" + encodeURIComponent(id) }, String(id));
}

function experimentLink(name) {
  return el("a", { href: "experiment.html?name=" + encodeURIComponent(name) }, name);
}
