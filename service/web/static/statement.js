// `/statements/{id}`: the reference wording, each outlet's rendering marked, fact-checks and a timeline.
import { diffNodes, el, factcheckItems } from "./marks.js";
import { api, pathSegment, plural, quoted, status, when } from "./ui.js";
import { timeline } from "./timeline.js";

const TIMELINE_MAX_PX = 768; // the timeline's max-width in style.css (48rem)

// Named so that the link reads on its own ("reported speech in Reuters"), whatever the outlet is called.
const KINDS = { direct: "direct quote", partial: "partial quote", indirect: "reported speech" };

const CLASSES = {
  verbatim: "verbatim",
  punctuation: "punctuation only",
  truncated: "truncated",
  extended: "extended",
  altered: "altered",
};

/** What the outlet said about who spoke: `attribution` when the service gives it, else `speaker_differs`. */
function attribution(rendering, speaker) {
  const said = rendering.mention.speaker;
  const kind = rendering.attribution || (rendering.speaker_differs ? "different" : said ? "same" : "unnamed");
  if (kind === "different") return el("p", { class: "flag misattributed" }, "⚠ Attributed to ", el("strong", {}, said || "someone else"), ` instead of ${speaker || "the speaker on record"}`);
  if (kind === "unnamed") return el("p", { class: "flag unnamed" }, "Speaker not named");
  return el("p", { class: "meta" }, `Attributed to ${said || speaker}`);
}

/** An outlet's rendering: its words as it printed them, then (when a word differs) the word diff against the
 *  reference (or the fullest rendering, for a part of the remark the reference leaves out), which shows
 *  words only, without their quotation marks and dashes. */
function renderingCard(r, speaker) {
  const m = r.mention;
  const cue = m.cue ? el("p", { class: "meta" }, "Cue: ", el("em", {}, m.cue)) : null;
  const changed = r.diff.some((op) => op.op !== "equal");
  return el(
    "li",
    { class: `rendering ${r.classification}` },
    el("h3", {}, m.outlet, " ", el("span", { class: `badge ${r.classification}` }, CLASSES[r.classification] || r.classification)),
    el("blockquote", { class: "printed" }, el("p", { dir: "auto" }, m.text)),
    changed ? el("p", { class: "diff" }, el("span", { class: "meta" }, "Words against the remark on record: "), el("span", { dir: "auto" }, ...diffNodes(r.diff))) : null,
    attribution(r, speaker),
    cue,
    el("p", { class: "meta" }, el("a", { href: `/articles/${encodeURIComponent(m.article_id)}` }, `${KINDS[m.kind] || "mention"} in ${m.outlet}`), ` · ${when(m.published_at)}`),
  );
}

const id = pathSegment(2);
try {
  const [statement, comparison] = await Promise.all([
    api(`/v1/statements/${encodeURIComponent(id)}`),
    api(`/v1/statements/${encodeURIComponent(id)}/compare`),
  ]);
  document.title = `${statement.speaker || "Statement"}: “${statement.text.slice(0, 60)}” · claimtrack`;
  document.getElementById("speaker").textContent = statement.speaker ? `${statement.speaker} said` : "Unattributed statement";
  document.getElementById("reference").textContent = quoted(comparison.text);
  const first = comparison.first_appearance;
  document.getElementById("summary").textContent =
    `Reference wording. ${plural(statement.mention_count, "mention")} in ${plural(comparison.outlets.length, "outlet")}; first reported by ${first.outlet} on ${when(first.published_at)}.`;
  if (statement.factchecks.length) {
    const box = document.getElementById("factchecks");
    box.querySelector("ul").replaceChildren(...factcheckItems(statement.factchecks));
    box.hidden = false;
  }
  const shown = comparison.renderings.length;
  if (shown < statement.mention_count) {
    // The API gives each outlet's first mentions only: say so, lest they read as all of them.
    const each = Map.groupBy(comparison.renderings, (r) => r.mention.outlet);
    const most = Math.max(...[...each.values()].map((group) => group.length));
    for (const note of document.querySelectorAll(".shown")) {
      note.textContent = `Showing each outlet's first ${plural(most, "mention")}: ${shown.toLocaleString("en")} of the ${statement.mention_count.toLocaleString("en")}.`;
      note.hidden = false;
    }
  }
  if (comparison.attributed_elsewhere.length) {
    const box = document.getElementById("elsewhere");
    const item = (s) => el("li", {}, el("a", { href: `/statements/${encodeURIComponent(s.id)}` }, s.speaker || "an unnamed speaker"), ": ", el("q", { dir: "auto" }, s.text), ` in ${s.outlets.join(", ")}`);
    box.querySelector("ul").replaceChildren(...comparison.attributed_elsewhere.map(item));
    box.hidden = false;
  }
  document.getElementById("renderings").replaceChildren(...comparison.renderings.map((r) => renderingCard(r, comparison.speaker)));
  document.getElementById("statement").hidden = false;
  const chart = document.getElementById("timeline"); // shown first, so that its width can be read
  chart.replaceChildren(timeline(comparison.renderings.map((r) => r.mention), Math.min(chart.clientWidth, TIMELINE_MAX_PX)));
  status("");
} catch (error) {
  status(error.status === 404 ? `There is no statement ${id}.` : error.message, true);
}
