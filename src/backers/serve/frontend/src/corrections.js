// Corrections in the evidence panel: a line saying who corrected a claim, and (when the
// server runs with --allow-edits) a "correct / reject" form under each claim. The form is
// the server's template partial (/edits/form), fetched once and cloned; every value is set
// with .value or .textContent, so no text of an article or a note is ever parsed as HTML.
// The edit token is typed by the user, kept in this tab's sessionStorage, and sent in the
// X-Backers-Token header (which another site's page cannot set without our consent).

const TOKEN_KEY = "backers-edit-token";
const FIELDS = ["supporter", "recipient", "type", "status", "certainty"];
// Fields whose emptying means "none": the claimant and the body it speaks for (the outlet
// says it in its own voice) and the items. Sent when they differ from what is shown.
const CLEARABLE = ["claimant", "claimant_affiliation", "items"];
let template; // undefined: not asked yet; null: edits are off

async function formTemplate() {
  if (template !== undefined) return template;
  try {
    const response = await fetch("/edits/form", { headers: { Accept: "text/html" } });
    if (response.status !== 200) return (template = null); // 204: edits are off
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    template = doc.querySelector("template#correct-form");
  } catch {
    template = null;
  }
  return template;
}

const fieldName = (f) => (f === "claimant_affiliation" ? "affiliation" : f);
// A value as read: items joined, nothing as "none".
function shown(value) {
  if (Array.isArray(value)) return value.length ? value.join(", ") : "none";
  return value ? String(value).replaceAll("_", " ") : "none";
}

// "corrected by alice on 2026-12-06 19:12 · recipient read as Russia · note: ..."
export function correctionNote(c) {
  const k = c.correction;
  if (!k) return null;
  const p = document.createElement("p");
  p.className = "corrected small";
  const read = (k.changed ?? []).map((f) => ` · ${fieldName(f)} read as ${shown(k.read?.[f])}`);
  p.textContent =
    `corrected by ${k.by} on ${String(k.at).replace("T", " ")}${read.join("")}` + (k.note ? ` · note: ${k.note}` : "");
  return p;
}

async function send(claimId, body, token) {
  const response = await fetch(`/api/claims/${encodeURIComponent(claimId)}/corrections`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Backers-Token": token },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer?.error?.message ?? `the correction failed (${response.status})`);
  return answer;
}

const itemList = (text) =>
  String(text)
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

function fillForm(form, claim, pair) {
  const current = {
    ...pair,
    type: claim.type,
    status: claim.status,
    certainty: claim.certainty,
    claimant: claim.claimant ?? "",
    claimant_affiliation: claim.claimant_affiliation ?? "",
    items: (claim.items ?? []).join(", "),
  };
  for (const field of [...FIELDS, ...CLEARABLE]) form.elements[field].value = current[field] ?? "";
  form.elements.token.value = sessionStorage.getItem(TOKEN_KEY) ?? "";
  return current;
}

// What the form changes: the fields that differ from the claim as shown.
function changes(form, current) {
  const body = {};
  for (const field of FIELDS) {
    const value = form.elements[field].value.trim();
    if (value && value !== current[field]) body[field] = value;
  }
  for (const field of ["claimant", "claimant_affiliation"]) {
    const value = form.elements[field].value.trim();
    if (value !== current[field]) body[field] = value;
  }
  const items = itemList(form.elements.items.value);
  if (items.join(", ") !== itemList(current.items).join(", ")) body.items = items;
  return body;
}

// "arms · delivered · stated": which claim of the sentence a form corrects.
const describe = (claim) => [claim.type.replaceAll("_", " "), claim.status, claim.certainty].join(" · ");

// Add a form for each claim of `container` (every .claim-edit[data-claim]: a sentence row
// holds one per claim read from it, so each of its claims is corrected on its own);
// `claims` are the evidence API's claims, `pair` {supporter, recipient}; `onDone(now)`
// runs after a write with the claim's values now (e.g. to reload the network and show
// the new relation).
export async function attachCorrectionForms(container, claims, pair, onDone) {
  const tpl = await formTemplate();
  if (!tpl) return;
  const byId = new Map(claims.map((c) => [c.id, c]));
  const slots = [...container.querySelectorAll(".claim-edit[data-claim]")];
  for (const item of slots) {
    const claim = byId.get(item.dataset.claim);
    if (!claim || item.querySelector("details.correct")) continue;
    const box = document.importNode(tpl.content, true).firstElementChild;
    const which = box.querySelector("summary .which");
    if (which) which.textContent = `(${describe(claim)})`;
    const form = box.querySelector("form");
    const current = fillForm(form, claim, pair);
    const message = form.querySelector(".correct-message");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const action = event.submitter?.value === "reject" ? "reject" : "correct";
      const token = form.elements.token.value.trim();
      const body = action === "correct" ? { action, ...changes(form, current) } : { action };
      const note = form.elements.note.value.trim();
      const by = form.elements.by.value.trim();
      if (note) body.note = note;
      if (by) body.by = by;
      message.textContent = "Saving…";
      try {
        const result = await send(claim.id, body, token);
        sessionStorage.setItem(TOKEN_KEY, token);
        message.textContent = action === "reject" ? "Rejected." : "Saved.";
        await onDone(action === "reject" ? pair : result.now);
      } catch (err) {
        message.textContent = err.message;
        message.classList.add("error-line");
      }
    });
    item.append(box);
  }
}
