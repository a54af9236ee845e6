// `/check`: is this quote on record, and how was it worded?
import { diffNodes, el, factcheckItems, VERDICTS } from "./marks.js";
import { api, status } from "./ui.js";

const form = document.getElementById("check-form");

function matchItem(m) {
  return el(
    "li",
    { class: "match" },
    el("p", {}, el("span", { class: `badge ${m.verdict}` }, VERDICTS[m.verdict]), ` score ${m.score.toFixed(2)}`),
    el("blockquote", {}, el("p", { dir: "auto" }, ...diffNodes(m.diff))),
    // Word marks ignore punctuation: when that is all that differs, the wording on record shows it.
    m.verdict !== "exact" && m.diff.every((op) => op.op === "equal")
      ? el("p", { class: "meta punctuation" }, "Punctuation differs from the wording on record: ", el("q", { dir: "auto" }, m.wording))
      : null,
    el("p", { class: "meta" }, `On record as said by ${m.speaker || "an unnamed speaker"}`, m.speaker_differs ? el("strong", { class: "flag misattributed" }, " — not the speaker you gave") : null),
    el("p", { class: "meta" }, `Carried by ${m.outlets.join(", ")}`),
    m.factchecks.length ? el("ul", { class: "factchecks" }, factcheckItems(m.factchecks)) : null,
    el("p", {}, el("a", { href: `/statements/${encodeURIComponent(m.statement_id)}` }, "How each outlet reported it")),
  );
}

async function check(quote, speaker) {
  status("Checking…");
  try {
    const result = await api("/v1/check", speaker ? { quote, speaker } : { quote });
    document.getElementById("verdict").textContent = VERDICTS[result.verdict];
    document.getElementById("matches").replaceChildren(...result.matches.map(matchItem));
    document.getElementById("result").hidden = false;
    status(result.matches.length ? "Against the wording on record: inserted words are yours, struck words are on record." : "No stored statement matches this quote.");
  } catch (error) {
    status(error.message, true);
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
