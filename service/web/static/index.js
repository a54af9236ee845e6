// `/`: one search over statements, speakers, outlets and claims; recent and most-reported statements.
import { el } from "./marks.js";
import { api, optional, plural, statementItem, status, when } from "./ui.js";

const RECENT = 10;
const SCANNED = 100;

function section(title, items) {
  const id = `h-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return el(
    "section",
    { "aria-labelledby": id },
    el("h2", { id }, `${title} (${items.length})`),
    items.length ? el("ol", { class: "items" }, items) : el("p", { class: "meta" }, "Nothing found."),
  );
}

/** Statements under their speakers (full name or surname as searched), each name linked to its statements. */
function bySpeaker(statements) {
  const groups = new Map();
  for (const s of statements) {
    if (!groups.has(s.speaker)) groups.set(s.speaker, el("ol", { class: "items" }));
    groups.get(s.speaker).append(statementItem(s));
  }
  return [...groups].map(([name, list]) => el("li", {}, el("a", { href: `/?speaker=${encodeURIComponent(name)}` }, name), list));
}

async function search(q) {
  const words = q.toLowerCase();
  const enc = encodeURIComponent(q);
  const [statements, spoken, outlets, claims] = await Promise.all([
    api(`/v1/statements?q=${enc}&limit=20`),
    api(`/v1/statements?speaker=${enc}&limit=20`),
    optional("/v1/outlets"),
    optional(`/v1/claims?q=${enc}&limit=20`),
  ]);
  const speakerItems = bySpeaker(spoken.items);
  const outletItems = (outlets?.items || [])
    .filter((o) => o.name.toLowerCase().includes(words))
    .map((o) =>
      el(
        "li",
        {},
        el("a", { href: `/?outlet=${encodeURIComponent(o.name)}` }, o.name),
        el("span", { class: "meta" }, ` ${plural(o.articles, "article")} · ${plural(o.statements, "statement")}`),
      ),
    );
  const claimItems = (claims?.items || []).map((c) =>
    el(
      "li",
      {},
      el("a", { href: `/articles/${encodeURIComponent(c.first_appearance.article_id)}` }, `“${c.text}”`),
      el("span", { class: "meta" }, ` score ${c.score.toFixed(2)} · ${c.speaker || "the outlets"} · ${when(c.first_appearance.published_at)}`),
    ),
  );
  const results = document.getElementById("results");
  results.replaceChildren(
    section("Statements", statements.items.map(statementItem)),
    section("Speakers", speakerItems),
    section("Outlets", outletItems),
    section("Claims", claimItems),
  );
  const total = statements.items.length + speakerItems.length + outletItems.length + claimItems.length;
  status(`${plural(total, "result")} for “${q}”.`);
}

async function overview() {
  const { items } = await api(`/v1/statements?limit=${SCANNED}`);
  document.getElementById("recent").replaceChildren(...items.slice(0, RECENT).map(statementItem));
  const most = [...items].sort((a, b) => b.outlets.length - a.outlets.length || b.mention_count - a.mention_count);
  document.getElementById("most").replaceChildren(...most.slice(0, RECENT).map(statementItem));
  if (!items.length) status("No statements yet: ingest articles through the API or the Extract page.");
}

/** Statements by one speaker or carried by one outlet (`/?speaker=…`, `/?outlet=…`). */
async function filtered(field, value) {
  const { items } = await api(`/v1/statements?${field}=${encodeURIComponent(value)}&limit=50`);
  const title = field === "speaker" ? `Statements by ${value}` : `Statements reported by ${value}`;
  document.getElementById("results").replaceChildren(section(title, items.map(statementItem)));
  status(`${plural(items.length, "statement")}.`);
}

const params = new URLSearchParams(location.search);
const q = params.get("q")?.trim();
try {
  if (q) {
    document.getElementById("q").value = q;
    await search(q);
  } else if (params.get("speaker")) {
    await filtered("speaker", params.get("speaker"));
  } else if (params.get("outlet")) {
    await filtered("outlet", params.get("outlet"));
  }
  await overview();
} catch (error) {
  status(error.message, true);
}
