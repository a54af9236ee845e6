// What every page shares: calling the API, saying what happened, and drawing quotes in a text.
import { el, utf16Index } from "./marks.js";

const KEY = "claimtrack.apiKey";

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || "",
  set: (value) => (value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY)),
};

/** A problem+json answer, with the service's own explanation. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** JSON from the API; `body` is sent as JSON with a POST; refusals become `ApiError`s with their detail. */
export async function api(path, body) {
  const headers = { Accept: "application/json" };
  if (apiKey.get()) headers["X-API-Key"] = apiKey.get();
  const init = { headers };
  if (body !== undefined) {
    init.method = "POST";
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "The service cannot be reached.");
  }
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, answer?.detail || `The service answered ${response.status}.`);
  return answer;
}

/** The same as `api`, but `null` when the endpoint does not exist on this server (404 for a list). */
export async function optional(path) {
  try {
    return await api(path);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** Say something in the page's live status line; errors are marked as such. */
export function status(message, error = false) {
  const line = document.querySelector(".status");
  line.textContent = message;
  line.classList.toggle("error", error);
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "undated";
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One statement in a list: its wording linked to its page, the speaker and how widely it was reported. */
export function statementItem(s) {
  return el(
    "li",
    {},
    el("a", { href: `/statements/${encodeURIComponent(s.id)}` }, `“${s.text}”`),
    el("span", { class: "meta" }, ` ${s.speaker || "unattributed"} · ${plural(s.outlets.length, "outlet")} · first ${when(s.first_appearance.published_at)}`),
  );
}

/** `text` with its quotes highlighted and its claims underlined with their score.
 *  `describe(quote)` gives a quote's hover/focus text and the page it links to (or none). */
export function highlighted(text, quotes, claims, describe) {
  const at16 = utf16Index(text);
  const spans = [];
  for (const quote of quotes) {
    for (const f of quote.fragments) spans.push({ start: at16(f.start), end: at16(f.end), quote });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const marks = [];
  for (const span of spans) if (!marks.length || span.start >= marks.at(-1).end) marks.push(span);

  claims = claims.map((c) => ({ ...c, start: at16(c.start), end: at16(c.end) })).sort((a, b) => a.start - b.start);
  const out = document.createDocumentFragment();
  let at = 0;
  let tip = 0;
  for (const mark of marks) {
    out.append(...underlined(text, at, mark.start, claims));
    const { label, href } = describe(mark.quote);
    const id = `tip-${++tip}`;
    const words = underlined(text, mark.start, mark.end, claims);
    const anchor = href
      ? el("a", { href, "aria-describedby": id }, ...words)
      : el("span", { tabindex: 0, "aria-describedby": id }, ...words);
    out.append(el("mark", { class: "q" }, anchor, el("span", { class: "tip", role: "tooltip", id }, label)));
    at = mark.end;
  }
  out.append(...underlined(text, at, text.length, claims));
  return out;
}

// Text in [start, end) with the parts inside claims underlined; a claim's score follows its last part.
function underlined(text, start, end, claims) {
  const nodes = [];
  let at = start;
  for (const claim of claims) {
    const from = Math.max(claim.start, at);
    const to = Math.min(claim.end, end);
    if (to <= from) continue;
    if (from > at) nodes.push(text.slice(at, from));
    const score = claim.score.toFixed(2);
    nodes.push(el("span", { class: "claim", title: `check-worthy claim, score ${score}` }, text.slice(from, to)));
    if (to === claim.end) nodes.push(el("sup", { class: "score", "aria-label": `claim score ${score}` }, score));
    at = to;
  }
  if (end > at) nodes.push(text.slice(at, end));
  return nodes;
}

export function quoteLabel(quote) {
  const who = quote.speaker ? quote.speaker.name : "unattributed";
  const cue = quote.cue ? ` (${quote.cue.text})` : "";
  return `${who}${cue}: ${quote.kind} quote`;
}
