// `/extract`: quotes and claims of pasted text, HTML or a URL, shown in place; storing is a separate step.
import { api, apiKey, highlighted, plural, quoteLabel, status } from "./ui.js";

const form = document.getElementById("extract-form");
const keyInput = document.getElementById("api-key");
let last = null;
let latest = 0; // the latest extraction asked for: an earlier one answering after it is not shown

function request() {
  const source = form.source.value;
  const url = form.url.value.trim();
  if (!source.trim()) return url ? { url } : null;
  const body = /^\s*</.test(source) ? { html: source } : { text: source };
  return url ? { ...body, url } : body;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = request();
  if (!body) return status("Paste a text or HTML, or give an address.", true);
  const mine = ++latest;
  status("Extracting…");
  document.getElementById("extracted").hidden = true; // the previous text's quotes go with it
  try {
    const found = await api("/v1/extract", body);
    if (mine !== latest) return;
    const text = found.text ?? body.text;
    last = body;
    document.getElementById("text").replaceChildren(
      highlighted(text, found.quotes, found.claims, (q) => ({ label: quoteLabel(q) })),
    );
    document.getElementById("extracted").hidden = false;
    status(`${plural(found.quotes.length, "quote")} and ${plural(found.claims.length, "claim")} found; nothing stored.`);
  } catch (error) {
    if (mine === latest) status(error.status === 401 ? `${error.message}. Enter a key under “API key” below.` : error.message, true);
  }
});

document.getElementById("store-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  status("Storing…");
  try {
    const article = await api("/v1/articles", { ...last, outlet: event.target.outlet.value });
    status("Stored.");
    location.assign(`/articles/${encodeURIComponent(article.id)}`);
  } catch (error) {
    status(error.status === 401 ? `${error.message}. Enter a key under “API key” below.` : error.message, true);
  }
});

keyInput.value = apiKey.get();
document.getElementById("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  apiKey.set(keyInput.value.trim());
  status(keyInput.value.trim() ? "The key will be sent with writes from this tab." : "No key will be sent.");
});
