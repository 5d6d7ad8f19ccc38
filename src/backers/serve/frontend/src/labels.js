// Which node labels to draw: by importance (independent sources), each only where it
// overlaps no label already placed and no larger node, so labels never pile up; zooming in
// frees room and more appear. Sigma draws a label to the right of its node.

let measure = null;

function textWidth(text, size, font) {
  if (!measure) measure = document.createElement("canvas").getContext("2d");
  measure.font = `${size}px ${font}`;
  return measure.measureText(text).width;
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

export function pickLabels(graph, renderer, { size, font }) {
  const { width, height } = renderer.getDimensions();
  const placed = [];
  const chosen = new Set();
  const order = graph.nodes().sort((a, b) => graph.getNodeAttribute(b, "sources") - graph.getNodeAttribute(a, "sources"));
  const discs = new Map();
  for (const node of order) {
    const attrs = graph.getNodeAttributes(node);
    const at = renderer.graphToViewport(attrs);
    const display = renderer.getNodeDisplayData(node);
    const r = display ? renderer.scaleSize(display.size) : attrs.size;
    discs.set(node, { x1: at.x - r, x2: at.x + r, y1: at.y - r, y2: at.y + r });
  }
  for (const node of order) {
    const attrs = graph.getNodeAttributes(node);
    const disc = discs.get(node);
    const r = (disc.x2 - disc.x1) / 2;
    const x = disc.x2 + 3;
    const y = (disc.y1 + disc.y2) / 2;
    const box = { x1: x - 1, x2: x + textWidth(attrs.label ?? "", size, font) + 2, y1: y - size / 2 - 1, y2: y + size / 2 + 1 };
    if (box.x2 < 0 || box.x1 > width || box.y2 < 0 || box.y1 > height) continue;
    if (placed.some((p) => overlaps(p, box))) continue;
    let hidesNode = false;
    for (const [other, d] of discs) {
      if (other !== node && overlaps(d, box) && (d.x2 - d.x1) / 2 >= r * 0.6) {
        hidesNode = true;
        break;
      }
    }
    if (hidesNode) continue;
    placed.push(box);
    chosen.add(node);
  }
  return chosen;
}
