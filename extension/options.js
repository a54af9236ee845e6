// Options: the server's address and API key, kept in chrome.storage.local; access to the server is asked
// for when it is not on this machine.
const form = document.getElementById("options-form");
const server = document.getElementById("server");
const apiKey = document.getElementById("api-key");
const statusLine = document.querySelector(".status");

function say(message, error = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", error);
}

// The form stays disabled until the saved values are in it: typed sooner, they would overwrite what the user
// typed, and a click sooner would submit the form before its handler is attached.
const saved = await chrome.storage.local.get({ server: "http://127.0.0.1:8000", apiKey: "" });
server.value = saved.server;
apiKey.value = saved.apiKey;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const origin = new URL(server.value).origin;
  // Asked first, while the click still counts as the user's (Firefox allows the request only then).
  const granted = await chrome.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
  await chrome.storage.local.set({ server: server.value.trim(), apiKey: apiKey.value.trim() });
  say(granted ? "Saved." : `Saved, but the extension may not reach ${origin}: allow it when asked.`, !granted);
});

document.getElementById("test").addEventListener("click", async () => {
  say("Connecting…");
  const answer = await chrome.runtime.sendMessage({ type: "ping" });
  say(answer.ok ? answer.answer : answer.error, !answer.ok);
});

for (const element of form.elements) element.disabled = false;
