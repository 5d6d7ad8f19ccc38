// The network page: draws one page of /api/graph (the most important relations first) with
// sigma.js, filters it in place, shows the evidence of a relation in the side panel, an
// actor's partners, a focus mode on one actor's neighbourhood, per-conflict views and a
// proportional time slider. Data is only ever written with textContent.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import { attachCorrectionForms, correctionNote } from "./corrections.js";

import { drawLabel, pickLabels } from "./labels.js";
import { setupSlider, updateSlider } from "./slider.js";
import { dated, el, getJSON, pieces } from "./dom.js";

const TYPE_COLORS = {
  arms: "#c0392b",
  personnel: "#8e44ad",
  combat: "#d35400",
  training: "#16a085",
  funding: "#2471a3",
};
const OTHER = "#7f8c8d";
const DENIED_ONLY = "#c3c9d1"; // a relation only denied: no claim asserts it
const FADED = "#e3e7ec";
// Parameters of the view, not filters: the exports take the filters only.
const VIEW_KEYS = ["focus", "conflict", "region", "limit", "offset"];

const $ = (id) => document.getElementById(id);

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
let selection = null; // {kind: "node", id} or {kind: "edge", id, source, target}
let labelled = new Map(); // node -> the side its label is drawn on

function nodeSize(node) {
  return Math.min(30, 4 + 2.4 * Math.sqrt(node.sources ?? 0));
}

function build(data, { append = false } = {}) {
  if (append) {
    const seen = new Set(current.nodes.map((n) => n.id));
    current = {
      ...data,
      nodes: [...current.nodes, ...data.nodes.filter((n) => !seen.has(n.id))],
      edges: [...current.edges, ...data.edges],
    };
  } else {
    current = data;
    graph.clear();
  }
  const n = Math.max(current.nodes.length, 1);
  current.nodes.forEach((node, i) => {
    if (graph.hasNode(node.id)) return;
    graph.addNode(node.id, {
      label: node.label,
      x: Math.cos((2 * Math.PI * i) / n) * (1 + (i % 7) / 7),
      y: Math.sin((2 * Math.PI * i) / n) * (1 + (i % 7) / 7),
      size: nodeSize(node),
      sources: node.sources ?? 0,
      color: node.kind === "state" ? "#18212c" : "#6b5b95",
    });
  });
  for (const edge of current.edges) {
    if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      size: 1 + 1.2 * Math.sqrt(edge.sources),
      color: edgeColor(edge),
      type: "arrow",
      source: edge.source,
      target: edge.target,
    });
  }
  if (graph.order > 1) {
    forceAtlas2.assign(graph, {
      iterations: graph.order > 400 ? 120 : 250,
      settings: { ...forceAtlas2.inferSettings(graph), scalingRatio: 30, gravity: 0.6, adjustSizes: false },
    });
  }
  window.backersGraph = {
    nodes: current.nodes.map((node) => node.id),
    edges: current.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    total: current.total,
    focus: current.focus ?? null,
    drawn: renderer !== null,
    labelled: () => [...labelled.keys()],
    selection: () => selection,
    nodePosition: (id) => (renderer ? renderer.graphToViewport(graph.getNodeAttributes(id)) : null),
    edgePosition: (id) => {
      if (!renderer) return null;
      const a = renderer.graphToViewport(graph.getNodeAttributes(graph.source(id)));
      const b = renderer.graphToViewport(graph.getNodeAttributes(graph.target(id)));
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    },
  };
  $("edge-count").textContent = String(current.edges.length);
  $("edge-total").textContent = String(current.total ?? current.edges.length);
  $("node-count").textContent = String(current.nodes.length);
  const more = $("more");
  more.hidden = current.next_offset === null || current.next_offset === undefined;
  more.textContent = `Show ${current.limit ?? 300} more`;
  renderEdgeList(current.edges);
  showFocus(current.focus ?? null);
  if (renderer) {
    renderer.refresh();
    relabel();
  }
}

function neighbours() {
  if (!selection) return null;
  if (selection.kind === "node" && graph.hasNode(selection.id)) {
    return new Set([selection.id, ...graph.neighbors(selection.id)]);
  }
  if (selection.kind === "edge") return new Set([selection.source, selection.target]);
  return null;
}

function nodeReducer(node, attrs) {
  const near = neighbours();
  const out = { ...attrs, label: labelled.has(node) ? attrs.label : "" };
  if (labelled.has(node)) {
    out.forceLabel = true;
    out.labelSide = labelled.get(node);
  }
  if (near && !near.has(node)) {
    out.color = FADED;
    out.label = "";
    out.forceLabel = false;
    out.zIndex = 0;
  } else if (near) {
    out.highlighted = selection.kind === "node" ? node === selection.id : true;
    out.zIndex = 2;
    out.label = attrs.label;
    out.forceLabel = true;
    out.labelSide = labelled.get(node) ?? "right";
  }
  return out;
}

function edgeReducer(edge, attrs) {
  if (!selection) return attrs;
  if (selection.kind === "edge") {
    if (edge === selection.id) return { ...attrs, size: attrs.size * 2 + 2, zIndex: 2 };
    return { ...attrs, color: FADED, zIndex: 0 };
  }
  const touches = attrs.source === selection.id || attrs.target === selection.id;
  return touches ? { ...attrs, size: attrs.size + 1, zIndex: 2 } : { ...attrs, color: FADED, zIndex: 0 };
}

// Labels by importance with collision avoidance: the best-sourced nodes first, each label
// drawn only where it overlaps no label already placed; zooming in makes room for more.
let relabelTimer = null;
function relabel() {
  if (!renderer) return;
  clearTimeout(relabelTimer);
  relabelTimer = setTimeout(() => {
    const next = pickLabels(graph, renderer, { size: 13, font: "system-ui, sans-serif" });
    const same = next.size === labelled.size && [...next].every(([id, side]) => labelled.get(id) === side);
    labelled = next;
    if (!same) renderer.refresh({ skipIndexation: true });
    $("graph").dataset.labelled = String(labelled.size);
  }, 60);
}

function select(next) {
  selection = next;
  for (const a of document.querySelectorAll("#edge-list a.edge")) {
    const on =
      next?.kind === "edge"
        ? a.dataset.source === next.source && a.dataset.target === next.target
        : next?.kind === "node" && (a.dataset.source === next.id || a.dataset.target === next.id);
    a.classList.toggle("selected", Boolean(on));
  }
  renderer?.refresh({ skipIndexation: true });
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
        title: e.why ?? "",
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

// -- filters and view --------------------------------------------------------------------
function formQuery() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("filters"))) {
    if (String(value).trim() !== "") params.append(key, String(value).trim());
  }
  return params;
}

function onlyFilters(params) {
  const out = new URLSearchParams(params);
  for (const key of VIEW_KEYS) out.delete(key);
  return out;
}

// Filter changes can overlap (typing a date fires change events one field at a time);
// only the answer to the latest one may touch the page, whichever order answers arrive in.
let latestFilter = 0;

async function applyFilters() {
  const mine = ++latestFilter;
  const params = formQuery();
  const error = $("filter-error");
  try {
    const data = await getJSON(`/api/graph?${params}`);
    if (mine !== latestFilter) return;
    error.hidden = true;
    selection = null;
    build(data);
    updateSlider(data.axis, params);
    history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
    const exported = onlyFilters(params).toString();
    for (const link of document.querySelectorAll("#downloads a[data-format]")) {
      link.href = `/api/export/${link.dataset.format}${exported ? `?${exported}` : ""}`;
    }
    clearPanel();
  } catch (err) {
    if (mine !== latestFilter) return;
    error.textContent = err.message;
    error.hidden = false;
  }
}

async function showMore() {
  if (current.next_offset === null || current.next_offset === undefined) return;
  const params = formQuery();
  params.set("offset", String(current.next_offset));
  try {
    build(await getJSON(`/api/graph?${params}`), { append: true });
  } catch (err) {
    $("filter-error").textContent = err.message;
    $("filter-error").hidden = false;
  }
}

function showFocus(name) {
  $("focus-banner").hidden = !name;
  $("focus-name").textContent = name ?? "";
  $("unfocus").hidden = !name;
  if (name && $("focus").value !== name) $("focus").value = name;
}

function focusOn(name) {
  $("focus").value = name ?? "";
  applyFilters();
}

// Suggestions while typing an actor's name: /api/actor-search, never a list of them all.
let suggestTimer = null;
function suggest(input) {
  clearTimeout(suggestTimer);
  const q = input.value.trim();
  if (!q) return;
  suggestTimer = setTimeout(async () => {
    try {
      const found = await getJSON(`/api/actor-search?${new URLSearchParams({ q, limit: "12" })}`);
      $("actor-suggestions").replaceChildren(
        ...found.rows.map((r) => el("option", { value: r.name, label: `${r.name} · ${r.sources} sources` })),
      );
    } catch {
      // a suggestion is a convenience: typing on works without it
    }
  }, 120);
}

// -- evidence panel ----------------------------------------------------------------------
function clearPanel() {
  $("panel-title").textContent = "Evidence";
  $("evidence").replaceChildren(
    el("p", {
      class: "hint",
      text: "Choose a relation in the network or in the list to read the sentences behind it; an actor to see its partners.",
    }),
  );
  select(null);
}

function chip(kind, value) {
  return el("span", { class: `chip ${kind}-${value}`, text: value });
}

// The outlet's rating (backers.sources): "3 reliable", "0 deprecated, state", "unrated".
function ratingChip(r) {
  const level = r?.reliability ?? null;
  const text = (level === null ? "unrated" : `${level} ${r.level.split(" ").pop()}`) + (r?.state_affiliated ? ", state" : "");
  return el("span", { class: `chip rating rating-${level ?? "none"}`, title: r?.basis ?? "no rating in sources.yaml", text });
}

function sentenceItem(s) {
  const meta = el(
    "p",
    { class: "meta" },
    ...s.types.map((t) => el("span", { class: "chip type", text: t.replaceAll("_", " ") })),
    ...s.statuses.map((v) => chip("status", v)),
    ...s.certainties.map((v) => chip("certainty", v)),
    el("span", { class: "who", text: s.claimants.join("; ") }),
    ` · ${s.outlet ?? "unknown outlet"} `,
    ratingChip(s.source_rating),
    " · ",
    dated(s.dated),
    s.reprints > 1 ? ` · same text in ${s.reprints} articles` : null,
    s.items?.length ? ` · items: ${s.items.join(", ")}` : null,
    s.evidence ? ` · evidence: ${s.evidence}` : null,
    " · ",
    el("a", { href: `/documents/${encodeURIComponent(s.article_id)}#claim-${s.id}`, text: "article" }),
  );
  return el(
    "li",
    { class: `claim role-${s.role}`, dataset: { claim: s.id } },
    s.role === "against" ? el("p", { class: "small", text: "denial" }) : null,
    el("blockquote", {}, ...pieces(s.pieces)),
    meta,
    ...(s.corrections ?? []).map((k) => correctionNote({ correction: k })),
    s.title ? el("p", { class: "small", text: `from “${s.title}”` }) : null,
    // one slot per claim of the sentence: each gets its own correction form
    ...s.claims.map((cid) => el("div", { class: "claim-edit", dataset: { claim: cid } })),
  );
}

function keepPanelInView() {
  const panel = $("panel");
  const box = panel.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight - 80) panel.scrollIntoView({ block: "start" });
}

async function showEvidence(source, target) {
  const edge = current.edges.find((e) => e.source === source && e.target === target);
  select({ kind: "edge", id: edge?.id, source, target });
  const params = new URLSearchParams({ supporter: source, recipient: target });
  $("panel-title").textContent = `${source} → ${target}`;
  const box = $("evidence");
  box.replaceChildren(el("p", { class: "hint", text: "Loading…" }));
  keepPanelInView();
  try {
    const r = await getJSON(`/api/evidence?${params}`);
    const e = r.summary;
    const parts = [];
    if (e) {
      const plural = e.articles === 1 ? "" : "s";
      parts.push(el("p", { class: "why", id: "why", text: e.why }));
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
    parts.push(el("ol", { class: "evidence" }, ...r.sentences.map(sentenceItem)));
    if (r.next_offset !== null && r.next_offset !== undefined) {
      parts.push(
        el("p", { class: "small", text: `The first ${r.sentences.length} of ${r.total} sentences, oldest first.` }),
      );
    }
    parts.push(el("p", { class: "small" }, el("a", { href: `/evidence?${params}`, text: "Open as a page" })));
    box.replaceChildren(...parts);
    attachCorrectionForms(box, r.claims, { supporter: source, recipient: target }, (now) =>
      applyFilters().then(() => showEvidence(now.supporter, now.recipient)),
    );
  } catch (err) {
    box.replaceChildren(el("p", { class: "error-line", text: err.message }));
  }
}

function showActor(name) {
  select({ kind: "node", id: name });
  const node = current.nodes.find((n) => n.id === name);
  $("panel-title").textContent = name;
  const mine = current.edges.filter((e) => e.source === name || e.target === name);
  const shown = mine.length;
  const partners = node?.partners ?? shown;
  $("evidence").replaceChildren(
    el(
      "p",
      { class: "why" },
      `${node?.sources ?? 0} independent sources; ${partners} partner${partners === 1 ? "" : "s"} under these filters` +
        (partners > shown ? `, ${shown} of its relations shown here.` : "."),
    ),
    el(
      "p",
      { class: "actions" },
      el("button", { type: "button", id: "focus-this", dataset: { actor: name }, text: "Focus on its neighbourhood" }),
      " ",
      el("a", { href: `/actors/${encodeURIComponent(name)}`, id: "actor-page", text: "Actor page" }),
    ),
    el(
      "ul",
      { class: "partners" },
      ...mine.map((e) =>
        el(
          "li",
          {},
          el("a", {
            class: "edge",
            href: `/evidence?${new URLSearchParams({ supporter: e.source, recipient: e.target })}`,
            dataset: { source: e.source, target: e.target },
            text: `${e.source} → ${e.target}`,
          }),
          el("span", { class: "small", text: ` ${e.sources} source${e.sources === 1 ? "" : "s"}` }),
        ),
      ),
    ),
  );
  keepPanelInView();
}

// -- start -------------------------------------------------------------------------------
function start() {
  performance.mark("network-start"); // the bench reads these marks (benchmarks/graph_scale.py)
  const data = JSON.parse($("graph-data").textContent);
  const container = $("graph");
  try {
    renderer = new Sigma(graph, container, {
      enableEdgeEvents: true,
      defaultEdgeType: "arrow",
      labelRenderedSizeThreshold: 0,
      labelSize: 13,
      stagePadding: 100, // room for the labels of nodes on the edge of the drawing
      labelFont: "system-ui, sans-serif",
      defaultDrawNodeLabel: drawLabel,
      zIndex: true,
      nodeReducer,
      edgeReducer,
    });
    renderer.on("clickNode", ({ node }) => showActor(node));
    renderer.on("doubleClickNode", ({ node, preventSigmaDefault }) => {
      preventSigmaDefault();
      focusOn(node);
    });
    renderer.on("clickEdge", ({ edge }) => {
      const attrs = graph.getEdgeAttributes(edge);
      showEvidence(attrs.source, attrs.target);
    });
    renderer.on("clickStage", () => clearPanel());
    renderer.on("enterEdge", () => container.classList.add("pointer"));
    renderer.on("leaveEdge", () => container.classList.remove("pointer"));
    renderer.on("enterNode", () => container.classList.add("pointer"));
    renderer.on("leaveNode", () => container.classList.remove("pointer"));
    renderer.getCamera().on("updated", () => relabel());
    $("graph-message").textContent =
      "Drag to pan, scroll to zoom; click an actor for its partners, double-click to focus on it.";
  } catch (err) {
    // No WebGL (some headless or locked-down browsers): the list below still has every edge.
    renderer = null;
    container.classList.add("unavailable");
    console.warn("network drawing unavailable:", err.message);
    $("graph-message").textContent =
      "This browser cannot draw the network (no WebGL); every relation shown is listed below.";
  }
  build(data);
  setupSlider(data.axis, applyFilters);
  container.dataset.ready = "true";
  performance.mark("network-ready");

  // The view's controls belong to the form (form="filters") but sit outside it.
  $("filters").addEventListener("change", () => applyFilters());
  for (const id of ["conflict", "region"]) $(id).addEventListener("change", () => applyFilters());
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });
  for (const input of [$("focus"), document.querySelector('#filters input[name="actor"]')]) {
    if (!input) continue;
    input.setAttribute("list", "actor-suggestions");
    input.addEventListener("input", () => suggest(input));
  }
  $("focus").addEventListener("change", () => applyFilters());
  $("unfocus").addEventListener("click", () => focusOn(""));
  $("leave-focus").addEventListener("click", (event) => {
    event.preventDefault();
    focusOn("");
  });
  $("more").addEventListener("click", () => showMore());
  const onEdgeLink = (event) => {
    const link = event.target.closest("a.edge");
    if (!link || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    showEvidence(link.dataset.source, link.dataset.target);
  };
  $("edge-list").addEventListener("click", onEdgeLink);
  $("evidence").addEventListener("click", (event) => {
    const button = event.target.closest("#focus-this");
    if (button) focusOn(button.dataset.actor);
    else onEdgeLink(event);
  });
}

start();
