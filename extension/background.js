// The extension's worker: context menus, calls to the configured claimtrack server, results for the popup.
// An ES module (`"type": "module"`), so the same file runs as Chromium's service worker and Firefox's event
// page (Firefox 112 and later), with the web app's own helpers.
import { utf16Index } from "./marks.js";

const DEFAULT_SERVER = "http://127.0.0.1:8000";
const MENU_CHECK = "claimtrack-check";
const MENU_SCAN = "claimtrack-scan";
const MAX_SCANNED_QUOTES = 30;

async function settings() {
  const { server, apiKey } = await chrome.storage.local.get({ server: DEFAULT_SERVER, apiKey: "" });
  return { server: server.replace(/\/+$/, ""), apiKey };
}

/** JSON from the server, or an Error whose message says plainly what went wrong. */
async function call(path, body) {
  const { server, apiKey } = await settings();
  const headers = { Accept: "application/json" };
  if (apiKey) headers["X-API-Key"] = apiKey;
  const init = { headers };
  if (body !== undefined) {
    init.method = "POST";
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(server + path, init);
  } catch {
    throw new Error(`The claimtrack server at ${server} cannot be reached. Is it running, and is the address in the options right?`);
  }
  const answer = await response.json().catch(() => null);
  if (response.status === 401 || response.status === 403) {
    throw new Error(`The server refused the API key${answer?.detail ? ` (${answer.detail})` : ""}. Set a valid key in the options.`);
  }
  if (!response.ok) throw new Error(answer?.detail || `The server answered ${response.status}.`);
  return answer;
}

async function show(state) {
  await chrome.storage.session.set({ last: { ...state, server: (await settings()).server } });
}

/** Open the popup (Chromium 127+, Firefox on a user action), else a small window showing it. */
function openPopup() {
  const fallback = () => chrome.windows.create({ url: chrome.runtime.getURL("popup.html"), type: "popup", width: 460, height: 640 });
  try {
    chrome.action.openPopup().catch(fallback);
  } catch {
    fallback();
  }
}

/** Checks a quote; `page`, the address it was selected on, leaves that article's own wording out of the
 *  verdict when the server has stored it (only a web page's address: the server takes http(s) only). */
async function checkQuote(quote, page) {
  await show({ kind: "check", quote, pending: true });
  const url = /^https?:\/\//.test(page || "") ? page : undefined;
  try {
    await show({ kind: "check", quote, result: await call("/v1/check", url ? { quote, url } : { quote }) });
  } catch (error) {
    await show({ kind: "check", quote, error: error.message });
  }
}

/** Extract the quotes of a tab's page, count the outlets carrying each, and highlight them in the page. */
async function scanTab(tabId) {
  await show({ kind: "scan", pending: true });
  try {
    const [{ result: html }] = await chrome.scripting.executeScript({
      target: { tabId },
      func: () => {
        // The page without what no reader sees: its inline scripts and JSON alone can pass the server's 2 MB.
        const page = document.documentElement.cloneNode(true);
        for (const hidden of page.querySelectorAll("script, style, template, noscript")) hidden.remove();
        return page.outerHTML;
      },
    });
    const found = await call("/v1/extract", { html });
    const at16 = utf16Index(found.text);
    const quotes = await Promise.all(
      found.quotes.slice(0, MAX_SCANNED_QUOTES).map(async (q) => {
        const checked = await call("/v1/check", { quote: q.text });
        const best = checked.verdict === "not_found" ? null : checked.matches[0];
        return {
          fragments: q.fragments.map((f) => found.text.slice(at16(f.start), at16(f.end))),
          speaker: q.speaker?.name || null,
          outlets: best ? best.outlets.length : 0,
        };
      }),
    );
    await chrome.scripting.executeScript({ target: { tabId }, files: ["highlight.js"] });
    const [{ result: marked }] = await chrome.scripting.executeScript({
      target: { tabId },
      func: (items) => globalThis.claimtrackHighlight(items),
      args: [quotes],
    });
    await show({ kind: "scan", quotes: found.quotes.length, marked });
  } catch (error) {
    await show({ kind: "scan", error: error.message });
  }
}

function onMenuClick(info, tab) {
  if (info.menuItemId === MENU_CHECK && info.selectionText) {
    openPopup();
    return checkQuote(info.selectionText, info.pageUrl);
  }
  if (info.menuItemId === MENU_SCAN && tab?.id !== undefined) {
    openPopup();
    return scanTab(tab.id);
  }
  return undefined;
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_CHECK, title: "Check this quote with claimtrack", contexts: ["selection"] });
  chrome.contextMenus.create({ id: MENU_SCAN, title: "Quotes on this page", contexts: ["page"] });
});
chrome.contextMenus.onClicked.addListener(onMenuClick);
// Reachable by name from the worker's console (and the browser tests), as a classic script's functions are.
Object.assign(globalThis, { checkQuote, scanTab, onMenuClick });

chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  const work = {
    check: () => checkQuote(message.quote),
    scan: () => scanTab(message.tabId),
    ping: () => call("/readyz").then(() => "The server answers and its Redis is ready."),
  }[message.type];
  if (!work) return false;
  work().then(
    (answer) => reply({ ok: true, answer }),
    (error) => reply({ ok: false, error: error.message }),
  );
  return true;
});
