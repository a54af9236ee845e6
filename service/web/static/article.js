// `/articles/{id}`: the stored text with its quotes highlighted and its claims underlined.
import { api, highlighted, pathSegment, plural, quoteLabel, status, when } from "./ui.js";

const id = pathSegment(2);
try {
  const article = await api(`/v1/articles/${encodeURIComponent(id)}`);
  document.title = `${article.title || article.outlet} · claimtrack`;
  document.getElementById("title").textContent = article.title || `Article from ${article.outlet}`;
  const about = document.getElementById("about");
  about.append(`${article.outlet} · ${when(article.published_at)} · ${plural(article.quotes.length, "quote")} · ${plural(article.claims.length, "claim")}`);
  if (article.url) {
    const link = document.createElement("a");
    link.href = article.url;
    link.textContent = "original";
    about.append(" · ", link);
  }
  document.getElementById("text").replaceChildren(
    highlighted(article.text, article.quotes, article.claims, (q) =>
      q.statement_id
        ? { label: `${quoteLabel(q)}. Open the statement.`, href: `/statements/${encodeURIComponent(q.statement_id)}` }
        : { label: `${quoteLabel(q)}. It states nothing to track on its own.`, href: null },
    ),
  );
  document.getElementById("article").hidden = false;
  status("");
} catch (error) {
  status(error.status === 404 ? `There is no article ${id}.` : error.message, true);
}
