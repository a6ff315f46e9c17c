// While a submission is queued or being graded, swaps in the server's own rendering of the
// page's changing parts (data-part, every two seconds): the students' results page swaps
// #results; the staff's page names its parts in data-swap ("results tasks log").  The tab title
// shows "n/16", and when grading ends the live region says so.  Without JavaScript the page is
// whole, and a reload shows the latest.  The part is the server's escaped HTML of this very
// page, never a message.
"use strict";
(function () {
  const root = document.getElementById("submission");
  const announce = document.getElementById("announce");
  const title = document.title.replace(/^\(\d+\/\d+\) /, "");
  const total = root.dataset.total;
  const parts = (root.dataset.swap || "results").split(" ");
  const finished = (status) => status === "done" || status === "fault";
  if (finished(root.dataset.status)) return;

  function openDetails() {  // the ids of the open <details>, or of what holds them
    const open = [];
    for (const id of parts) {
      for (const d of document.getElementById(id)?.querySelectorAll("details[open]") ?? []) {
        const owner = d.id ? d : d.closest("[id]");
        if (owner) open.push(owner.id);
      }
    }
    return open;
  }

  function swap(html) {
    const fresh = new DOMParser().parseFromString(html, "text/html");
    const state = fresh.getElementById("results");
    if (!state) return null;
    const open = openDetails();
    for (const id of parts) {
      const now = document.getElementById(id);
      const next = fresh.getElementById(id);
      if (now && next) now.replaceWith(document.importNode(next, true));
    }
    for (const id of open) {
      const owner = document.getElementById(id);
      const details = owner?.matches("details") ? owner : owner?.querySelector("details");
      details?.setAttribute("open", "");
    }
    if (window.localiseTimes) window.localiseTimes(document);
    return state.dataset;
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.part, { headers: { Accept: "text/html" } });
      if (response.ok) {
        const state = swap(await response.text());
        if (state) {
          if (finished(state.status)) {
            document.title = title;
            root.dataset.status = state.status;
            const score = document.getElementById("score").textContent.trim().replace(/\s+/g, " ");
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
