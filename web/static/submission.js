// While a submission is queued or being graded, swaps in the server's own rendering of the
// results (/submissions/N/part) every two seconds; the tab title shows "n/16", and when
// grading ends the live region says so.  Without JavaScript the page is whole, and a reload
// shows the latest.  The part is the server's escaped HTML of this very page, never a message.
"use strict";
(function () {
  const root = document.getElementById("submission");
  const announce = document.getElementById("announce");
  const title = document.title.replace(/^\(\d+\/\d+\) /, "");
  const total = root.dataset.total;
  const finished = (status) => status === "done" || status === "fault";
  if (finished(root.dataset.status)) return;

  function swap(html) {
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
    if (!fresh) return null;
    const open = new Set([...root.querySelectorAll("details[open]")].map((d) => d.closest("[id]").id));
    root.querySelector("#results").replaceWith(document.importNode(fresh, true));
    for (const id of open) root.querySelector(`#${id} details`)?.setAttribute("open", "");
    if (window.localiseTimes) window.localiseTimes(root);
    return fresh.dataset;
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.part, { headers: { Accept: "text/html" } });
      if (response.ok) {
        const state = swap(await response.text());
        if (state) {
          if (finished(state.status)) {
            document.title = title;
            const score = document.getElementById("score").textContent.trim();
            announce.textContent = state.status === "done"
              ? `Grading finished. ${score}` : "The grader had a problem with this submission.";
            return;
          }
          document.title = `(${state.done}/${total}) ${title}`;
        }
      }
    } catch (error) { /* the server restarting: try again */ }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 1000);
})();
