// Shows every <time datetime="...Z"> in the viewer's own time zone, to the minute, the
// browser's Intl doing the work; the server's UTC text stays in the title (on hover) and is
// what shows without JavaScript.  data-short: no year and no zone name (crowded tables).
"use strict";
(function () {
  const minute = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
  const full = new Intl.DateTimeFormat(undefined, { ...minute, year: "numeric", timeZoneName: "short" });
  const short = new Intl.DateTimeFormat(undefined, minute);
  function localise(root) {
    for (const node of root.querySelectorAll("time[datetime]")) {
      if (node.dataset.local) continue;
      const moment = new Date(node.getAttribute("datetime"));
      if (Number.isNaN(moment.getTime())) continue;
      node.textContent = (node.dataset.short ? short : full).format(moment);
      node.dataset.local = "1";
    }
  }
  window.localiseTimes = localise;
  localise(document);
})();
