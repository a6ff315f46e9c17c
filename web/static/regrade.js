// Keeps the class view's regrade progress ("n of N done") up to date: asks the JSON endpoint
// every three seconds while a regrade runs.  Without JavaScript the page's refresh link does it.
"use strict";
(function () {
  const box = document.getElementById("regrade-progress");
  if (!box || box.hidden) return;
  const refresh = document.getElementById("regrade-refresh");
  if (refresh) refresh.hidden = true;
  const set = (id, text) => { document.getElementById(id).textContent = text; };

  async function poll() {
    let progress;
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      progress = await response.json();
    } catch (error) {
      if (refresh) refresh.hidden = false;  // the link still works
      setTimeout(poll, 10000);
      return;
    }
    if (progress.running) {
      set("regrade-done", String(progress.done));
      set("regrade-total", String(progress.total));
      set("regrade-failed", progress.failed ? `, ${progress.failed} with a grader fault` : "");
      setTimeout(poll, 3000);
    } else {
      set("regrade-done", document.getElementById("regrade-total").textContent);
      set("regrade-failed", "");
      box.appendChild(document.createTextNode(" Finished: "));
      if (refresh) { refresh.textContent = "reload to see the new scores"; refresh.hidden = false; }
    }
  }
  setTimeout(poll, 3000);
})();
