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

/** The `n`th segment of this page's path, decoded; as it stands when it is no valid percent-encoding (an
 *  address cut short), so that the page says it finds nothing there instead of stopping. */
export function pathSegment(n) {
  const segment = location.pathname.split("/")[n] || "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
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
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

/** A wording standing alone in quotation marks, without the comma, colon or semicolon it ended on where its
 *  outlet's sentence went on (`“extremely careless,”`). */
export function quoted(text) {
  return `“${text.trim().replace(/[,;:]+$/, "")}”`;
}

/** One statement in a list: its wording linked to its page, the speaker and how widely it was reported. */
export function statementItem(s) {
  return el(
    "li",
    {},
    el("a", { href: `/statements/${encodeURIComponent(s.id)}`, dir: "auto" }, quoted(s.text)),
    el("span", { class: "meta" }, ` ${s.speaker || "unattributed"} · ${plural(s.outlets.length, "outlet")} · first ${when(s.first_appearance.published_at)}`),
  );
}

/** `text` with its quotes highlighted and its claims underlined with their score. A quote inside another (a
 *  partial quote in reported speech) is a mark inside the other's mark; one that runs past the end of the
 *  other is marked in two parts. `describe(quote)` gives a quote's hover/focus text and the page it links to
 *  (or none). */
export function highlighted(text, quotes, claims, describe) {
  const at16 = utf16Index(text);
  const spans = quotes.flatMap((quote) => quote.fragments.map((f) => ({ start: at16(f.start), end: at16(f.end), quote })));
  claims = claims.map((c) => ({ ...c, start: at16(c.start), end: at16(c.end) })).sort((a, b) => a.start - b.start);
  let tips = 0;

  // text[start, end) with `spans` (all inside it) marked; `own(nodes)` wraps the text no span covers.
  function marked(start, end, spans, own) {
    const rest = spans.filter((s) => s.end > s.start).sort(byPlace);
    const nodes = [];
    let at = start;
    while (rest.length) {
      const span = rest.shift();
      const inner = [];
      for (let i = 0; i < rest.length && rest[i].start < span.end; ) {
        const other = rest[i];
        if (other.end <= span.end) inner.push(...rest.splice(i, 1));
        else {
          inner.push({ ...other, end: span.end });
          rest[i++] = { ...other, start: span.end };
        }
      }
      rest.sort(byPlace);
      if (span.start > at) nodes.push(...own(underlined(text, at, span.start, claims)));
      nodes.push(mark(span, inner));
      at = span.end;
    }
    if (end > at) nodes.push(...own(underlined(text, at, end, claims)));
    return nodes;
  }

  // A quote's mark: its own words are its link (one tab stop however many pieces), then its tooltip.
  function mark(span, inner) {
    const { label, href } = describe(span.quote);
    const id = `tip-${++tips}`;
    let pieces = 0;
    const own = (nodes) => {
      const first = pieces++ === 0;
      const attrs = { class: "words", "aria-describedby": id };
      return [href ? el("a", { ...attrs, href, tabindex: first ? null : -1 }, ...nodes) : el("span", { ...attrs, tabindex: first ? 0 : -1 }, ...nodes)];
    };
    const nodes = marked(span.start, span.end, inner, own);
    return el("mark", { class: "q" }, ...nodes, el("span", { class: "tip", role: "tooltip", id }, label));
  }

  const out = document.createDocumentFragment();
  out.append(...marked(0, text.length, spans, (nodes) => nodes));
  return out;
}

// Outer spans first: by start, the longer of two at one place first.
const byPlace = (a, b) => a.start - b.start || b.end - a.end;

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
