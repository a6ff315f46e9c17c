// Shows every <time datetime="...Z"> in the viewer's own time zone, the browser's Intl doing
// the work; the server's UTC text stays in the title (on hover) and is what shows without
// JavaScript.
"use strict";
(function () {
  const format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short",
  });
  function localise(root) {
    for (const node of root.querySelectorAll("time[datetime]")) {
      if (node.dataset.local) continue;
      const moment = new Date(node.getAttribute("datetime"));
      if (Number.isNaN(moment.getTime())) continue;
      node.textContent = format.format(moment);
      node.dataset.local = "1";
    }
  }
  window.localiseTimes = localise;
  localise(document);
})();
