// The proportional time slider: the axis (from backers.serve.timeaxis, months as bars and
// year-only claims as bands, placed by time) with two handles; letting go of a handle sets
// the date filters to the months under them and applies them.

const $ = (id) => document.getElementById(id);
let extent = null; // [first, last] as milliseconds

function month(value) {
  const t = extent[0] + ((extent[1] - extent[0]) * Number(value)) / 1000;
  return new Date(t).toISOString().slice(0, 7);
}

function position(iso, end) {
  const [y, m] = iso.split("-").map(Number);
  const t = end ? Date.UTC(y + (m ? 0 : 1), m ? m : 0, 1) : Date.UTC(y, (m || 1) - 1, 1);
  return Math.max(0, Math.min(1000, Math.round((1000 * (t - extent[0])) / (extent[1] - extent[0]))));
}

function readout() {
  const from = $("slide-from");
  const to = $("slide-to");
  const whole = Number(from.value) === 0 && Number(to.value) === 1000;
  $("slider-readout").textContent = whole
    ? `All dates, ${month(0)} to ${month(1000)}. Drag the handles to narrow them (the axis is proportional to time; bands are claims dated to a year only).`
    : `From ${month(from.value)} to ${month(to.value)}.`;
  $("axis-box").style.setProperty("--from", `${Number(from.value) / 10}%`);
  $("axis-box").style.setProperty("--to", `${Number(to.value) / 10}%`);
}

function place(params) {
  if (!extent) return;
  const from = params.get("date_from");
  const to = params.get("date_to");
  $("slide-from").value = from ? String(position(from, false)) : "0";
  $("slide-to").value = to ? String(position(to, true)) : "1000";
  readout();
}

export function setupSlider(axis, apply) {
  const box = $("time-slider");
  if (!axis) {
    box.hidden = true;
    return;
  }
  extent = [Date.parse(axis.first), Date.parse(axis.last)];
  place(new URLSearchParams(window.location.search));
  const form = $("filters");
  const commit = () => {
    let a = Number($("slide-from").value);
    let b = Number($("slide-to").value);
    if (a > b) [a, b] = [b, a];
    form.elements.date_from.value = a > 0 ? month(a) : "";
    form.elements.date_to.value = b < 1000 ? month(b - 1) : "";
    apply();
  };
  for (const id of ["slide-from", "slide-to"]) {
    $(id).addEventListener("input", readout);
    $(id).addEventListener("change", commit);
  }
}

// After a filter change: the axis of the new answer (its extent ignores the date filters)
// and the handles where the date filters are.
export function updateSlider(axis, params) {
  const box = $("time-slider");
  box.hidden = !axis;
  if (!axis) return;
  if (axis.first !== new Date(extent?.[0] ?? 0).toISOString().slice(0, 10) || axis.last !== new Date(extent?.[1] ?? 0).toISOString().slice(0, 10)) {
    extent = [Date.parse(axis.first), Date.parse(axis.last)];
    $("axis-box").replaceChildren(drawAxis(axis));
  }
  place(params);
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawAxis(ax) {
  const root = svg("svg", {
    class: "time-axis",
    role: "img",
    "aria-label": "Claims over time, placed by date",
    viewBox: `0 0 ${ax.width} ${ax.height}`,
    preserveAspectRatio: "none",
    "data-first": ax.first,
    "data-last": ax.last,
  });
  const bottom = ax.lanes.bar_bottom;
  root.append(svg("line", { class: "axis", x1: 0, x2: ax.width, y1: bottom, y2: bottom }));
  for (const t of ax.ticks) {
    root.append(svg("line", { class: "tick", x1: t.x, x2: t.x, y1: bottom, y2: ax.lanes.year_top + ax.lanes.year_height }));
    root.append(svg("text", { x: t.x + 2, y: ax.lanes.tick_text }, t.label));
  }
  for (const b of ax.bars) {
    const rect = svg("rect", { class: "bar-out", "data-period": b.period, "data-precision": "month", x: b.x, y: b.y, width: b.w, height: b.h });
    rect.append(svg("title", {}, `${b.period} (month): ${b.claims} claims`));
    root.append(rect);
  }
  for (const s of ax.spans) {
    const rect = svg("rect", { class: "year-span", "data-period": s.period, "data-precision": "year", x: s.x, y: ax.lanes.year_top, width: s.w, height: ax.lanes.year_height });
    rect.append(svg("title", {}, `${s.period} (dated to the year only): ${s.claims} claims`));
    root.append(rect);
    root.append(svg("text", { class: "span-label", x: s.x + 3, y: ax.lanes.year_top + 12 }, s.w >= 110 ? `${s.period} · year only · ${s.claims}` : String(s.claims)));
  }
  return root;
}
