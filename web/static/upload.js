// Before sending, lists the files that will be graded: those chosen (as the server keeps
// them: task files and README.md, by their base name) and those taken from the previous
// submission while "keep my other files" is ticked.  The server decides; this only shows it.
"use strict";
(function () {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const kept = new Set(form.dataset.kept.split("/"));
  const previous = form.dataset.previous;
  const before = form.dataset.previousFiles ? form.dataset.previousFiles.split("/") : [];
  const plan = document.getElementById("plan");
  const keep = document.getElementById("complete");
  const inputs = [document.getElementById("folder"), document.getElementById("files")];

  function chosen() {
    const names = new Set();
    let zip = false;
    for (const input of inputs) {
      for (const file of input.files) {
        const base = file.name.split("/").pop();
        if (base.toLowerCase().endsWith(".zip")) zip = true;
        if (kept.has(base)) names.add(base);
      }
    }
    return { names, zip };
  }

  function item(text, cls) {
    const li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    return li;
  }

  function show() {
    const { names, zip } = chosen();
    plan.replaceChildren();
    if (!names.size && !zip) return;
    const list = document.createElement("ul");
    list.className = "plan";
    if (zip) list.appendChild(item("the task files inside the zip"));
    for (const name of [...names].sort()) list.appendChild(item(name + " (sent now)"));
    if (keep && keep.checked && !zip) {
      for (const name of before.filter((n) => !names.has(n)))
        list.appendChild(item(`${name} (taken from submission ${previous})`, "taken"));
    }
    const title = document.createElement("p");
    title.textContent = "These files will be graded:";
    plan.append(title, list);
  }

  for (const input of inputs) input.addEventListener("change", show);
  if (keep) keep.addEventListener("change", show);
})();
