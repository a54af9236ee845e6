// `/check`: is this quote on record, and how was it worded?
import { carriage, diffNodes, el, factcheckItems, VERDICTS } from "./marks.js";
import { api, status } from "./ui.js";

const form = document.getElementById("check-form");

/** A matching statement: the wording on record as printed (its quote marks and dashes), then, when a word
 *  differs, the word diff from it to the checked quote; who printed the checked words, and who carries the
 *  statement. */
function matchItem(m) {
  const changed = m.diff.some((op) => op.op !== "equal");
  return el(
    "li",
    { class: "match" },
    el("p", {}, el("span", { class: `badge ${m.verdict}` }, VERDICTS[m.verdict]), ` score ${m.score.toFixed(2)}`),
    el("blockquote", { class: "printed" }, el("p", { dir: "auto" }, m.wording)),
    changed
      ? el("p", { class: "diff" }, el("span", { class: "meta" }, "Your words against it: "), el("span", { dir: "auto" }, ...diffNodes(m.diff)))
      : m.verdict !== "exact"
        ? el("p", { class: "meta punctuation" }, "Every word is as on record; only the punctuation differs.")
        : null,
    el("p", { class: "meta" }, `On record as said by ${m.speaker || "an unnamed speaker"}`, m.speaker_differs ? el("strong", { class: "flag misattributed" }, " — not the speaker you gave") : null),
    ...carriage(m),
    m.factchecks.length ? el("ul", { class: "factchecks" }, factcheckItems(m.factchecks)) : null,
    el("p", {}, el("a", { href: `/statements/${encodeURIComponent(m.statement_id)}` }, "How each outlet reported it")),
  );
}

let latest = 0;

/** Checks a quote and shows the answer, unless another check was asked for meanwhile: an earlier answer
 *  arriving last never stands for the latest quote. */
async function check(quote, speaker) {
  const mine = ++latest;
  status("Checking…");
  document.getElementById("result").hidden = true; // the previous quote's verdict goes with it
  try {
    const result = await api("/v1/check", speaker ? { quote, speaker } : { quote });
    if (mine !== latest) return;
    document.getElementById("verdict").textContent = VERDICTS[result.verdict];
    document.getElementById("matches").replaceChildren(...result.matches.map(matchItem));
    document.getElementById("result").hidden = false;
    status(result.matches.length ? "Each match shows the wording on record; in its word marks, inserted words are yours and struck words are on record." : "No stored statement matches this quote.");
  } catch (error) {
    if (mine === latest) status(error.message, true);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  check(form.quote.value, form.speaker.value.trim());
});

const given = new URLSearchParams(location.search).get("quote");
if (given) {
  form.quote.value = given;
  check(given, "");
}
