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

async function search(q) {
  const words = q.toLowerCase();
  const enc = encodeURIComponent(q);
  const [statements, speakers, outlets, claims] = await Promise.all([
    api(`/v1/statements?q=${enc}&limit=20`),
    optional(`/v1/speakers?q=${enc}`),
    optional("/v1/outlets"),
    optional(`/v1/claims?q=${enc}&limit=20`),
  ]);
  const speakerItems = speakers
    ? speakers.items.map((s) => el("li", {}, el("a", { href: `/?q=${encodeURIComponent(s.name)}` }, s.name)))
    : // without a speaker list, the statements found name their speakers
      [...new Set(statements.items.map((s) => s.speaker).filter((n) => n && n.toLowerCase().includes(words)))].map(
        (name) => el("li", {}, name),
      );
  const outletItems = (outlets?.items || [])
    .filter((o) => o.name.toLowerCase().includes(words))
    .map((o) => el("li", {}, o.name, el("span", { class: "meta" }, ` ${plural(o.articles, "article")} · ${plural(o.statements, "statement")}`)));
  const claimItems = (claims?.items || []).map((c) =>
    el("li", {}, `“${c.text}”`, el("span", { class: "meta" }, ` score ${c.score.toFixed(2)} · ${c.speaker || "the outlets"} · ${when(c.first_appearance.published_at)}`)),
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

const q = new URLSearchParams(location.search).get("q")?.trim();
const input = document.getElementById("q");
try {
  if (q) {
    input.value = q;
    await search(q);
  }
  await overview();
} catch (error) {
  status(error.message, true);
}
