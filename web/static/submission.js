// Fills in a submission's page task by task, asking the JSON endpoint every two seconds until
// it is graded.  Text goes in with textContent only: messages are never parsed as HTML.
"use strict";
(function () {
  const root = document.getElementById("submission");
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  const points = (x) => Number(x).toFixed(2);

  function taskBlock(task) {
    const block = el("section", undefined, "task");
    block.id = "task-" + task.task;
    block.dataset.status = task.status;
    const title = el("h3", `Task ${task.task} · ${task.file} · ${points(task.score)} / ${points(task.max_score)} `);
    title.appendChild(el("span", task.status, "status-" + task.status));
    block.appendChild(title);
    if (task.message) block.appendChild(el("pre", task.message));
    if (task.urls && task.urls.length) block.appendChild(el("p", "URLs: " + task.urls.join(" ")));
    const failed = (task.checks || []).filter((c) => !c.passed);
    for (const check of failed) {
      const item = el("div", undefined, "check");
      item.appendChild(el("strong", `FAIL ${check.name} (${check.visibility}, ${check.kind})`));
      item.appendChild(el("pre", check.message));
      block.appendChild(item);
    }
    const passed = (task.checks || []).length - failed.length;
    if (passed) block.appendChild(el("p", `${passed} check${passed === 1 ? "" : "s"} passed`, "note"));
    if (task.output) block.appendChild(el("p", task.output, "note"));
    return block;
  }

  function show(state) {
    const status = document.getElementById("status");
    status.textContent = state.status;
    status.dataset.status = state.status;
    document.getElementById("message").textContent = state.message;
    const place = document.getElementById("place");
    place.textContent = state.status === "queued" && state.place
      ? `Place in the queue: ${state.place}` +
        (state.estimate_seconds !== null ? `, about ${Math.max(1, Math.round(state.estimate_seconds / 60))} min` : "")
      : "";
    document.getElementById("score").textContent = state.score !== null
      ? `Score: ${points(state.score)} / ${points(state.max_score)}` : "";
    const tasks = document.getElementById("tasks");
    tasks.replaceChildren(...state.tasks.map(taskBlock));
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const state = await response.json();
        show(state);
        if (state.status === "done" || state.status === "fault") return;
      }
    } catch (error) { /* the server restarting: try again */ }
    setTimeout(poll, 2000);
  }
  poll();
})();
