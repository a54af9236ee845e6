// The popup: the latest check (from the context menu or the form) or page scan, as the worker stored it.
import { carriage, diffNodes, el, factcheckItems, VERDICTS } from "./marks.js";

const result = document.getElementById("result");
const statusLine = document.querySelector(".status");

function say(message, error = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", error);
}

function checked({ quote, result: answer, server }) {
  const best = answer.matches[0];
  const nodes = [
    el("h2", {}, "Verdict: ", el("span", { class: `badge ${answer.verdict}`, id: "verdict" }, VERDICTS[answer.verdict])),
    el("blockquote", { class: "meta", dir: "auto" }, `“${quote}”`),
  ];
  if (best) {
    nodes.push(
      el("h2", {}, `On record, ${best.speaker || "unattributed"}`),
      el("blockquote", { id: "wording", dir: "auto" }, best.wording),
      ...(best.diff.some((op) => op.op !== "equal")
        ? [
            el("p", { id: "words", dir: "auto" }, ...diffNodes(best.diff)),
            el("p", { class: "meta" }, "Words marked against the wording on record: inserted ones are in your selection only, struck ones only on record."),
          ]
        : []),
      best.speaker_differs ? el("p", { class: "error" }, "The speaker differs from the one on record.") : null,
      ...carriage(best),
      best.factchecks.length ? el("ul", {}, factcheckItems(best.factchecks, { target: "_blank" })) : null,
      el("p", {}, el("a", { href: `${server}/statements/${encodeURIComponent(best.statement_id)}`, target: "_blank", id: "statement-link" }, "How each outlet reported it")),
    );
  }
  return nodes.filter(Boolean);
}

function render(last) {
  if (!last) return;
  if (last.pending) {
    say(last.kind === "scan" ? "Looking for quotes on the page…" : "Checking…");
    result.replaceChildren();
  } else if (last.error) {
    say(last.error, true);
    result.replaceChildren();
  } else if (last.kind === "scan") {
    say(`${last.marked} of ${last.quotes} quotes highlighted on the page.`);
    result.replaceChildren();
  } else {
    say("");
    result.replaceChildren(...checked(last));
  }
}

chrome.storage.session.get("last").then(({ last }) => render(last));
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "session" && changes.last) render(changes.last.newValue);
});

document.getElementById("check-form").addEventListener("submit", (event) => {
  event.preventDefault();
  chrome.runtime.sendMessage({ type: "check", quote: document.getElementById("quote").value });
});

document.getElementById("scan").addEventListener("click", async () => {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) return say("No page to look at.", true);
  chrome.runtime.sendMessage({ type: "scan", tabId: tab.id });
});
