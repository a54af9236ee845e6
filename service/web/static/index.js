// `/`: one search over statements, speakers, outlets and claims; recent and most-reported statements.
import { el } from "./marks.js";
import { api, plural, quoted, statementItem, status, when } from "./ui.js";

const RECENT = 10;
const SCANNED = 100;

/** Appends `items` to `list` and gives them back. */
function appended(list, items) {
  list.append(...items);
  return items;
}

const statements = (list, items) => appended(list, items.map(statementItem));

/** Statements under their speakers (full name or surname as searched), each name linked to its statements;
 *  a later page adds to the speakers listed. */
function bySpeaker() {
  const groups = new Map();
  return (list, items) =>
    items.map((s) => {
      if (!groups.has(s.speaker)) {
        groups.set(s.speaker, el("ol", { class: "items" }));
        list.append(el("li", {}, el("a", { href: `/?speaker=${encodeURIComponent(s.speaker)}` }, s.speaker), groups.get(s.speaker)));
      }
      return appended(groups.get(s.speaker), [statementItem(s)])[0];
    });
}

const claims = (list, items) =>
  appended(
    list,
    items.map((c) =>
      el(
        "li",
        {},
        el("a", { href: `/articles/${encodeURIComponent(c.first_appearance.article_id)}`, dir: "auto" }, quoted(c.text)),
        el("span", { class: "meta" }, ` score ${c.score.toFixed(2)} · ${c.speaker || "the outlets"} · ${when(c.first_appearance.published_at)}`),
      ),
    ),
  );

/** Outlets whose name holds `words` (the server lists them all at once). */
const outletsNamed = (words) => (list, items) =>
  appended(
    list,
    items
      .filter((o) => o.name.toLowerCase().includes(words))
      .map((o) =>
        el(
          "li",
          {},
          el("a", { href: `/?outlet=${encodeURIComponent(o.name)}` }, o.name),
          el("span", { class: "meta" }, ` ${plural(o.articles, "article")} · ${plural(o.statements, "statement")}`),
        ),
      ),
  );

/** A section listing what an API list (`items`, `next_cursor`) answers for `path`, a page at a time:
 *  `add(list, items)` puts a page's items in the list and gives back the entries added. While the API has
 *  more, a "Show more" button lists the next page, and the heading says the count is so far, not the total.
 *  `told(section)` runs after each page. */
async function paged(title, path, add = statements, told = () => {}) {
  const id = `h-${title.toLowerCase().replace(/\W+/g, "-")}`;
  const heading = el("h2", { id });
  const list = el("ol", { class: "items" });
  const empty = el("p", { class: "meta" }, "Nothing found.");
  const more = el("button", { type: "button", class: "more", "aria-describedby": id }, "Show more");
  let cursor = null;
  const section = {
    node: el("section", { "aria-labelledby": id }, heading, list, empty, more),
    count: () => list.children.length,
    more: () => cursor !== null,
  };
  async function next() {
    const url = new URL(path, location.href);
    if (cursor) url.searchParams.set("cursor", cursor);
    const page = await api(url.pathname + url.search);
    const added = add(list, page.items);
    cursor = page.next_cursor || null;
    heading.textContent = `${title} (${list.children.length}${cursor ? " so far" : ""})`;
    list.hidden = !list.children.length;
    empty.hidden = !list.hidden;
    more.hidden = !cursor;
    told(section);
    return added;
  }
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      (await next())[0]?.querySelector("a")?.focus(); // on to the first entry added
    } catch (error) {
      status(error.message, true);
    }
    more.disabled = false;
  });
  await next();
  return section;
}

async function search(q) {
  const enc = encodeURIComponent(q);
  let sections = [];
  status(`Searching for “${q}”…`);
  const told = () => {
    if (!sections.length) return; // a list is still on its way: no count yet
    const total = sections.reduce((n, s) => n + s.count(), 0);
    const more = sections.some((s) => s.more());
    status(`${plural(total, "result")} ${more ? "so far " : ""}for “${q}”.`);
  };
  sections = await Promise.all([
    paged("Statements", `/v1/statements?q=${enc}&limit=20`, statements, told),
    paged("Speakers", `/v1/statements?speaker=${enc}&limit=20`, bySpeaker(), told),
    paged("Outlets", "/v1/outlets", outletsNamed(q.toLowerCase()), told),
    paged("Claims", `/v1/claims?q=${enc}&limit=20`, claims, told),
  ]);
  document.getElementById("results").replaceChildren(...sections.map((s) => s.node));
  told();
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
  const title = field === "speaker" ? `Statements by ${value}` : `Statements reported by ${value}`;
  const told = (section) => status(`${plural(section.count(), "statement")}${section.more() ? " so far" : ""}.`);
  status("Loading the statements…");
  const section = await paged(title, `/v1/statements?${field}=${encodeURIComponent(value)}&limit=50`, statements, told);
  document.getElementById("results").replaceChildren(section.node);
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
