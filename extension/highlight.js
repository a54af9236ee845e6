// Injected into a page: marks each quote's words where they appear, with its speaker and outlet count.
// Idempotent: injecting it again only redefines the function.

globalThis.claimtrackHighlight = (quotes) => {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Quote marks and dashes differ between a page and the extracted text; spacing too.
  const pattern = (text) =>
    text
      .trim()
      .split(/\s+/)
      .map((word) => escape(word).replace(/["“”„]/g, "[\"“”„]").replace(/['‘’]/g, "['‘’]"))
      .join("\\s+");

  function textNodes() {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest("script,style,noscript,textarea,.claimtrack-quote,.claimtrack-label") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function wrap(fragment, title) {
    const nodes = textNodes();
    const starts = [];
    let all = "";
    for (const node of nodes) {
      starts.push(all.length);
      all += node.data;
    }
    const found = new RegExp(pattern(fragment)).exec(all);
    if (!found) return null;
    const from = found.index;
    const to = from + found[0].length;
    let last = null;
    nodes.forEach((node, i) => {
      const a = Math.max(from - starts[i], 0);
      const b = Math.min(to - starts[i], node.data.length);
      if (b <= a) return;
      const piece = node.splitText(a);
      piece.splitText(b - a);
      const mark = document.createElement("mark");
      mark.className = "claimtrack-quote";
      mark.title = title;
      mark.style.cssText = "background:#fff1a8;color:#1b1b1b;box-shadow:0 2px 0 #c9a400";
      piece.replaceWith(mark);
      mark.append(piece);
      last = mark;
    });
    return last;
  }

  let marked = 0;
  for (const quote of quotes) {
    const who = quote.speaker || "unattributed";
    const carried = `${quote.outlets} outlet${quote.outlets === 1 ? "" : "s"}`;
    const title = `${who}, carried by ${carried}`;
    let last = null;
    for (const fragment of quote.fragments) last = wrap(fragment, title) || last;
    if (!last) continue;
    const label = document.createElement("span");
    label.className = "claimtrack-label";
    label.textContent = ` ${who} · ${carried} `;
    label.style.cssText = "font:bold 12px system-ui,sans-serif;background:#1b1b1b;color:#fff;border-radius:3px;padding:0 4px;margin-left:2px";
    last.after(label);
    marked += 1;
  }
  return marked;
};
