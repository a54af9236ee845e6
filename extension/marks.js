// Building DOM nodes safely (text is never parsed as HTML), marking a rendering's differences, and reading
// the API's text offsets.
// The browser extension ships a copy of this module (extension/marks.js); the tests keep the two identical.

/** An element with attributes (`on*` functions become listeners) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A rendering as written, against the reference wording, from the API's word diff ops:
 *  equal words as text, `<ins>` for words the outlet added or put in, `<del>` for words it dropped or
 *  replaced (a replacement shows the dropped words, then the ones put in their place). */
export function diffNodes(ops) {
  const parts = [];
  for (const { op, canonical, rendering } of ops) {
    if (op === "equal") parts.push(rendering.join(" "));
    if (op === "delete" || op === "replace") parts.push(el("del", {}, canonical.join(" ")));
    if (op === "insert" || op === "replace") parts.push(el("ins", {}, rendering.join(" ")));
  }
  return parts.flatMap((part, i) => (i ? [" ", part] : [part]));
}

/** The API counts text offsets in code points (as Python indexes a string); a JavaScript string counts UTF-16
 *  units, two for each character outside the BMP (an emoji, say). `utf16Index(text)` turns an offset of
 *  `text` as the API gives it into the string index to slice `text` at. */
export function utf16Index(text) {
  const index = [0];
  for (const char of text) index.push(index.at(-1) + char.length);
  return (offset) => index[Math.min(offset, index.length - 1)];
}

export const VERDICTS = {
  exact: "Exact: worded as on record",
  minor_variation: "Minor variation",
  altered: "Altered",
  not_found: "Not found on record",
};

/** What a check's match says of the record besides the wording judged against: the outlets that printed the
 *  checked words (`carried_by`), the reference wording when the one judged against is another (a single
 *  outlet's, say), and every outlet carrying the statement in whatever wording. */
export function carriage(m) {
  const outlets = (names) => `${names.length} outlet${names.length === 1 ? "" : "s"}: ${names.join(", ")}`;
  return [
    m.carried_by.length ? el("p", { class: "carried" }, `Printed in these words by ${outlets(m.carried_by)}`) : null,
    m.wording !== m.text ? el("p", { class: "meta reference" }, "Reference wording, the one most mentions carry: ", el("q", { dir: "auto" }, m.text)) : null,
    el("p", { class: "meta outlets" }, `The statement is carried by ${outlets(m.outlets)}`),
  ];
}

/** Ratings of linked fact-checks, each with its reviewer and a link to the review; `link` adds attributes to
 *  the link (the extension's popup opens it in a tab of its own). */
export function factcheckItems(factchecks, link = {}) {
  return factchecks.map((f) =>
    el(
      "li",
      {},
      el("span", { class: "badge rating" }, f.rating || "unrated"),
      " ",
      f.url ? el("a", { ...link, href: f.url }, f.author || "fact-check") : f.author || "fact-check",
      ": ",
      el("q", { dir: "auto" }, f.claim_reviewed),
    ),
  );
}
