// Which node labels to draw: by importance (independent sources), each only where it
// overlaps no label already placed and no other node, so labels never pile up; zooming in
// frees room and more appear.

let measure = null;

function textWidth(text, size, font) {
  if (!measure) measure = document.createElement("canvas").getContext("2d");
  measure.font = `${size}px ${font}`;
  return measure.measureText(text).width;
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

// Where each chosen label goes, tried in this order: right of the node (sigma's place),
// left, above, below.
const SIDES = ["right", "left", "above", "below"];

function labelBox(side, disc, w, size) {
  const cy = (disc.y1 + disc.y2) / 2;
  const cx = (disc.x1 + disc.x2) / 2;
  if (side === "right") return { x1: disc.x2 + 2, x2: disc.x2 + 4 + w, y1: cy - size / 2 - 1, y2: cy + size / 2 + 1 };
  if (side === "left") return { x1: disc.x1 - 4 - w, x2: disc.x1 - 2, y1: cy - size / 2 - 1, y2: cy + size / 2 + 1 };
  if (side === "above") return { x1: cx - w / 2 - 1, x2: cx + w / 2 + 1, y1: disc.y1 - size - 3, y2: disc.y1 - 1 };
  return { x1: cx - w / 2 - 1, x2: cx + w / 2 + 1, y1: disc.y2 + 1, y2: disc.y2 + size + 3 };
}

// node -> side, for the labels that fit without overlapping a label or another node.
export function pickLabels(graph, renderer, { size, font }) {
  const { width, height } = renderer.getDimensions();
  const placed = [];
  const chosen = new Map();
  const order = graph
    .nodes()
    .sort((a, b) => graph.getNodeAttribute(b, "sources") - graph.getNodeAttribute(a, "sources"));
  const discs = new Map();
  for (const node of order) {
    const attrs = graph.getNodeAttributes(node);
    const at = renderer.graphToViewport(attrs);
    const display = renderer.getNodeDisplayData(node);
    const r = display ? renderer.scaleSize(display.size) : attrs.size;
    discs.set(node, { x1: at.x - r, x2: at.x + r, y1: at.y - r, y2: at.y + r });
  }
  for (const node of order) {
    const disc = discs.get(node);
    if (disc.x2 < 0 || disc.x1 > width || disc.y2 < 0 || disc.y1 > height) continue;
    const w = textWidth(graph.getNodeAttribute(node, "label") ?? "", size, font);
    for (const side of SIDES) {
      const box = labelBox(side, disc, w, size);
      if (box.x1 < 0 || box.x2 > width || box.y1 < 0 || box.y2 > height) continue;
      if (placed.some((p) => overlaps(p, box))) continue;
      let hides = false;
      const r = (disc.x2 - disc.x1) / 2;
      for (const [other, d] of discs) {
        // an important node's label may cover a much smaller node, never a peer
        if (other !== node && overlaps(d, box) && (d.x2 - d.x1) / 2 > r / 2) {
          hides = true;
          break;
        }
      }
      if (hides) continue;
      placed.push(box);
      chosen.set(node, side);
      break;
    }
  }
  return chosen;
}

// Sigma's label drawing, on the side pickLabels chose (``labelSide``), on a white halo
// so a label stays readable over edges.
export function drawLabel(context, data, settings) {
  if (!data.label) return;
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const w = context.measureText(data.label).width;
  let x = data.x + data.size + 3;
  let y = data.y + size / 3;
  if (data.labelSide === "left") x = data.x - data.size - 3 - w;
  else if (data.labelSide === "above") {
    x = data.x - w / 2;
    y = data.y - data.size - 4;
  } else if (data.labelSide === "below") {
    x = data.x - w / 2;
    y = data.y + data.size + size;
  }
  context.lineWidth = 3;
  context.strokeStyle = "rgba(255, 255, 255, 0.85)";
  context.strokeText(data.label, x, y);
  context.fillStyle = "#1d232b";
  context.fillText(data.label, x, y);
}
