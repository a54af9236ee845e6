// An SVG timeline: one row per outlet, one dot per appearance, each linked to its article.
import { el } from "./marks.js";

const SVG = "http://www.w3.org/2000/svg";
// Each outlet's name sits above its track, so a name of any length never runs into the dots.
const ROW = 46;
const LEFT = 10;
const WIDTH = 640;
const NARROWEST = 280;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

const day = (iso) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });

/** Mentions placed by publication time; undated ones sit at the right edge, in a lighter colour. Drawn
 * `width` units wide: given the width it is shown at, a unit is a CSS pixel and its text keeps the page's
 * size on a phone, where a fixed 640-unit drawing shrank it to 7 px. */
export function timeline(mentions, width = WIDTH) {
  const wide = Math.max(NARROWEST, Math.round(width));
  const outlets = [...new Set(mentions.map((m) => m.outlet))];
  const times = mentions.filter((m) => m.published_at).map((m) => Date.parse(m.published_at));
  const low = Math.min(...times);
  const span = Math.max(...times) - low || 1;
  const x = (m) => (m.published_at ? LEFT + ((Date.parse(m.published_at) - low) / span) * (wide - LEFT - 40) : wide - 14);
  const height = outlets.length * ROW + 24;
  const chart = svg("svg", { viewBox: `0 0 ${wide} ${height}`, role: "group", "aria-label": "Appearances by outlet over time", class: "timeline" });
  outlets.forEach((outlet, row) => {
    const y = row * ROW + 32;
    chart.append(
      svg("text", { x: 0, y: y - 14, class: "outlet" }, outlet),
      svg("line", { x1: 0, x2: wide - 4, y1: y, y2: y, class: "track" }),
    );
    for (const m of mentions.filter((m) => m.outlet === outlet)) {
      const label = `${outlet}, ${m.published_at ? day(m.published_at) : "undated"}: open the article`;
      chart.append(
        svg(
          "a",
          { href: `/articles/${encodeURIComponent(m.article_id)}`, "aria-label": label },
          svg("title", {}, label),
          svg("circle", { cx: x(m), cy: y, r: 7, class: m.published_at ? "dot" : "dot undated" }),
        ),
      );
    }
  });
  if (times.length) {
    const axis = height - 6;
    chart.append(
      svg("text", { x: 0, y: axis, class: "axis" }, day(low)),
      svg("text", { x: wide - 30, y: axis, class: "axis", "text-anchor": "end" }, day(low + span)),
    );
  }
  return el("figure", {}, chart);
}
