// The network page: draws /api/graph with sigma.js, filters it in place, and shows the
// evidence of a relation in the side panel. Data is only ever written with textContent.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import { attachCorrectionForms, correctionNote } from "./corrections.js";

const TYPE_COLORS = {
  arms: "#c0392b",
  personnel: "#8e44ad",
  combat: "#d35400",
  training: "#16a085",
  funding: "#2471a3",
};
const OTHER = "#7f8c8d";
const DENIED_ONLY = "#c3c9d1"; // a relation only denied: no claim asserts it

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

function edgeColor(edge) {
  if (!edge.types.length) return DENIED_ONLY;
  for (const type of Object.keys(TYPE_COLORS)) {
    if (edge.types.includes(type)) return TYPE_COLORS[type];
  }
  return OTHER;
}

// -- the graph ---------------------------------------------------------------------------
let renderer = null;
const graph = new Graph({ type: "directed", multi: false });
let current = { nodes: [], edges: [] };

function build(data) {
  current = data;
  graph.clear();
  const n = Math.max(data.nodes.length, 1);
  data.nodes.forEach((node, i) => {
    graph.addNode(node.id, {
      label: node.label,
      x: Math.cos((2 * Math.PI * i) / n),
      y: Math.sin((2 * Math.PI * i) / n),
      size: 6 + 3 * Math.sqrt((node.supports ?? 0) + (node.backed_by ?? 0)),
      color: node.kind === "state" ? "#18212c" : "#6b5b95",
    });
  });
  for (const edge of data.edges) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      size: 1.5 + 1.5 * Math.sqrt(edge.sources),
      color: edgeColor(edge),
      type: "arrow",
      source: edge.source,
      target: edge.target,
    });
  }
  if (graph.order > 1) {
    forceAtlas2.assign(graph, {
      iterations: 200,
      settings: { ...forceAtlas2.inferSettings(graph), scalingRatio: 10, gravity: 1 },
    });
  }
  // What the page shows, readable by scripts and tests without looking at WebGL pixels.
  window.backersGraph = {
    nodes: data.nodes.map((node) => node.id),
    edges: data.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    drawn: renderer !== null,
    nodePosition: (id) => (renderer ? renderer.graphToViewport(graph.getNodeAttributes(id)) : null),
    edgePosition: (id) => {
      if (!renderer) return null;
      const a = renderer.graphToViewport(graph.getNodeAttributes(graph.source(id)));
      const b = renderer.graphToViewport(graph.getNodeAttributes(graph.target(id)));
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    },
  };
  $("edge-count").textContent = String(data.edges.length);
  $("node-count").textContent = String(data.nodes.length);
  renderEdgeList(data.edges);
  renderer?.refresh();
}

function renderEdgeList(edges) {
  const list = $("edge-list");
  list.replaceChildren();
  if (!edges.length) {
    list.append(el("li", { class: "empty", text: "No relation matches these filters." }));
    return;
  }
  for (const e of edges) {
    const href = `/evidence?${new URLSearchParams({ supporter: e.source, recipient: e.target })}`;
    const link = el(
      "a",
      {
        class: "edge",
        href,
        dataset: { id: e.id, source: e.source, target: e.target, certainties: e.certainties.join(",") },
      },
      el("span", { class: "s", text: e.source }),
      " → ",
      el("span", { class: "t", text: e.target }),
    );
    const plural = e.sources === 1 ? "" : "s";
    const denied = e.denied_by.length ? ` · denied by ${e.denied_by.join(", ")}` : "";
    const info = e.types.length
      ? `${e.types.join(", ").replaceAll("_", " ")} · ${e.certainties.join(", ")} · ${e.sources} source${plural}${denied}`
      : `only denied${denied}`;
    list.append(el("li", {}, link, " ", el("span", { class: "small", text: info })));
  }
}

// -- filters -----------------------------------------------------------------------------
function filterQuery() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("filters"))) {
    if (String(value).trim() !== "") params.append(key, String(value).trim());
  }
  return params;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const message = body?.error?.message ?? `request failed (${response.status})`;
    throw new Error(message);
  }
  return body;
}

// Filter changes can overlap (typing a date fires change events one field at a time);
// only the answer to the latest one may touch the page, whichever order answers arrive in.
let latestFilter = 0;

async function applyFilters() {
  const mine = ++latestFilter;
  const params = filterQuery();
  const error = $("filter-error");
  try {
    const data = await getJSON(`/api/graph?${params}`);
    if (mine !== latestFilter) return;
    error.hidden = true;
    build(data);
    history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
    for (const link of document.querySelectorAll("#downloads a[data-format]")) {
      const query = params.toString();
      link.href = `/api/export/${link.dataset.format}${query ? `?${query}` : ""}`;
    }
    clearPanel();
  } catch (err) {
    if (mine !== latestFilter) return;
    error.textContent = err.message;
    error.hidden = false;
  }
}

// -- evidence panel ----------------------------------------------------------------------
function clearPanel() {
  $("panel-title").textContent = "Evidence";
  $("evidence").replaceChildren(
    el("p", { class: "hint", text: "Choose a relation in the network or in the list to read the sentences behind it." }),
  );
  for (const a of document.querySelectorAll("#edge-list a.selected")) a.classList.remove("selected");
}

function chip(kind, value) {
  return el("span", { class: `chip ${kind}-${value}`, text: value });
}

function claimItem(c) {
  const who = c.claimant
    ? c.claimant + (c.claimant_affiliation ? ` (${c.claimant_affiliation})` : "")
    : "the outlet";
  const meta = el(
    "p",
    { class: "meta" },
    chip("certainty", c.certainty),
    chip("status", c.status),
    el("span", { class: "chip", text: c.type.replaceAll("_", " ") }),
    el("span", { class: "who", text: who }),
    ` · ${c.outlet ?? "unknown outlet"} · ${c.seen ?? c.published ?? "undated"}`,
    c.reprints > 1 ? ` · same text in ${c.reprints} articles` : null,
    c.items?.length ? ` · items: ${c.items.join(", ")}` : null,
    c.evidence ? ` · evidence: ${c.evidence}` : null,
    " · ",
    el("a", { href: `/documents/${encodeURIComponent(c.article_id)}#claim-${c.id}`, text: "article" }),
  );
  return el(
    "li",
    { class: `claim role-${c.role}`, dataset: { claim: c.id } },
    c.role === "against" ? el("p", { class: "small", text: "denial" }) : null,
    el(
      "blockquote",
      {},
      el("span", { class: "ctx", text: c.before ?? "" }),
      el("mark", { text: c.sentence }),
      el("span", { class: "ctx", text: c.after ?? "" }),
    ),
    meta,
    correctionNote(c),
    c.title ? el("p", { class: "small", text: `from “${c.title}”` }) : null,
  );
}

async function showEvidence(source, target) {
  for (const a of document.querySelectorAll("#edge-list a.edge")) {
    a.classList.toggle("selected", a.dataset.source === source && a.dataset.target === target);
  }
  const params = new URLSearchParams({ supporter: source, recipient: target });
  $("panel-title").textContent = `${source} → ${target}`;
  const box = $("evidence");
  box.replaceChildren(el("p", { class: "hint", text: "Loading…" }));
  try {
    const r = await getJSON(`/api/evidence?${params}`);
    const e = r.summary;
    const parts = [];
    if (e) {
      const plural = e.articles === 1 ? "" : "s";
      parts.push(
        el(
          "dl",
          { class: "summary" },
          el("dt", { text: "support" }),
          el("dd", { text: e.types.join(", ").replaceAll("_", " ") || "–" }),
          el("dt", { text: "certainty" }),
          el("dd", {}, ...e.certainties.map((v) => chip("certainty", v))),
          el("dt", { text: "status" }),
          el("dd", {}, ...e.statuses.map((v) => chip("status", v))),
          el("dt", { text: "sources" }),
          el("dd", { text: `${e.sources} independent, in ${e.articles} article${plural}` }),
          el("dt", { text: "claimed by" }),
          el("dd", { text: e.claimants.join(", ") || "–" }),
          el("dt", { text: "denied by" }),
          el("dd", { text: e.denied_by.join(", ") || "–" }),
          el("dt", { text: "confidence" }),
          el("dd", { text: e.confidence.explained ?? e.confidence.score.toFixed(2) }),
        ),
      );
    }
    parts.push(el("ol", { class: "evidence" }, ...r.claims.map(claimItem)));
    parts.push(el("p", { class: "small" }, el("a", { href: `/evidence?${params}`, text: "Open as a page" })));
    box.replaceChildren(...parts);
    attachCorrectionForms(box, r.claims, { supporter: source, recipient: target }, (now) =>
      applyFilters().then(() => showEvidence(now.supporter, now.recipient)),
    );
  } catch (err) {
    box.replaceChildren(el("p", { class: "error-line", text: err.message }));
  }
}

// -- start -------------------------------------------------------------------------------
function start() {
  const data = JSON.parse($("graph-data").textContent);
  const container = $("graph");
  try {
    renderer = new Sigma(graph, container, {
      enableEdgeEvents: true,
      defaultEdgeType: "arrow",
      labelRenderedSizeThreshold: 0,
      stagePadding: 110, // room for the labels of nodes on the edge of the drawing
      labelFont: "system-ui, sans-serif",
      zIndex: true,
    });
    renderer.on("clickNode", ({ node }) => {
      window.location.assign(`/actors/${encodeURIComponent(node)}`);
    });
    renderer.on("clickEdge", ({ edge }) => {
      const attrs = graph.getEdgeAttributes(edge);
      showEvidence(attrs.source, attrs.target);
    });
    renderer.on("enterEdge", () => container.classList.add("pointer"));
    renderer.on("leaveEdge", () => container.classList.remove("pointer"));
    renderer.on("enterNode", () => container.classList.add("pointer"));
    renderer.on("leaveNode", () => container.classList.remove("pointer"));
    $("graph-message").textContent = "Drag to pan, scroll to zoom.";
  } catch (err) {
    // No WebGL (some headless or locked-down browsers): the list below still has every edge.
    renderer = null;
    container.classList.add("unavailable");
    console.warn("network drawing unavailable:", err.message);
    $("graph-message").textContent =
      "This browser cannot draw the network (no WebGL); every relation is listed below.";
  }
  build(data);
  container.dataset.ready = "true";

  $("filters").addEventListener("change", () => applyFilters());
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });
  $("edge-list").addEventListener("click", (event) => {
    const link = event.target.closest("a.edge");
    if (!link || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    showEvidence(link.dataset.source, link.dataset.target);
  });
}

start();
