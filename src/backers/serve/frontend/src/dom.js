// Small DOM helpers of the pages: every value is written as text, never as markup.

export function el(tag, props = {}, ...children) {
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

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const message = body?.error?.message ?? `request failed (${response.status})`;
    throw new Error(message);
  }
  return body;
}

const SAFE = /^https?:\/\//i;

// The pieces of backers.serve.markdown: text, http(s) links, the claim's span marked.
export function pieces(parts) {
  return (parts ?? []).map((p) => {
    const inner = p.href && SAFE.test(p.href)
      ? el("a", { href: p.href, rel: "noopener noreferrer nofollow", text: p.text })
      : document.createTextNode(p.text);
    return p.mark ? el("mark", {}, inner) : el("span", { class: "ctx" }, inner);
  });
}

// A date with its precision and source (backers.query.dating); inferred ones marked.
export function dated(d) {
  if (!d || !d.date) return el("span", { class: "dated undated", text: "undated" });
  if (d.relative) {
    return el(
      "span",
      { class: "dated inferred relative", title: d.source },
      `undated: published ${d.date}, a relative date, not exact `,
      el("span", { class: "date-source", text: `⚠ ${d.source}` }),
    );
  }
  const classes = ["dated", d.inferred ? "inferred" : "", d.relative ? "relative" : ""].filter(Boolean);
  return el(
    "span",
    { class: classes.join(" "), title: d.source },
    el("time", { text: d.date }),
    " ",
    el("span", { class: "precision", text: `(${d.precision ?? "?"})` }),
    " ",
    el("span", { class: "date-source", text: `${d.inferred ? "⚠ " : ""}${d.source}` }),
  );
}
