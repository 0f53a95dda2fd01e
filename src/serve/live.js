// bantin serve: live reload. Injected into served pages only, never into `bantin build` output.
(() => {
  "use strict";
  const me = document.currentScript;
  const page = (me && me.dataset.page) || "";
  let generation = me ? Number(me.dataset.generation) : -1;
  let failed = !!document.getElementById("bantin-overlay");

  const isPage = (p) => p === "" || p.endsWith(".html");

  function swapStyles(paths, gen) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      const path = decodeURIComponent(url.pathname.replace(/^\//, ""));
      if (!paths.includes(path)) continue;
      url.searchParams.set("bantin", String(gen));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove());
      fresh.addEventListener("error", () => fresh.remove());
      link.after(fresh);
    }
  }

  function showErrors(errors) {
    let box = document.getElementById("bantin-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "bantin-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
        "background:rgba(24,4,4,.94);color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
        "white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const p = document.createElement("p");
    const b = document.createElement("b");
    b.textContent = "bantin: the site did not rebuild.";
    p.append(b, " The last good version is still served; fix the file and this goes away.");
    const ul = document.createElement("ul");
    for (const e of errors) {
      const li = document.createElement("li");
      if (e.file) {
        const at = document.createElement("b");
        at.textContent = e.line ? `${e.file}:${e.line}` : e.file;
        li.append(at, ": ");
      }
      li.append(e.message);
      ul.append(li);
    }
    box.append(p, ul);
    failed = true;
  }

  const events = new EventSource("/__bantin/events");
  events.addEventListener("hello", (e) => {
    // Something changed between serving this page and listening: catch up.
    if (JSON.parse(e.data).generation !== generation) location.reload();
  });
  events.addEventListener("reload", (e) => {
    const d = JSON.parse(e.data);
    const changed = d.changed || [];
    if (failed || d.all || changed.includes(page) || changed.some((p) => !isPage(p) && !p.endsWith(".css"))) {
      location.reload();
      return;
    }
    swapStyles(changed.filter((p) => p.endsWith(".css")), d.generation);
    generation = d.generation;
  });
  events.addEventListener("css", (e) => {
    const d = JSON.parse(e.data);
    swapStyles(d.changed || [], d.generation);
    generation = d.generation;
  });
  events.addEventListener("build-error", (e) => {
    const d = JSON.parse(e.data);
    showErrors(d.errors || []);
    generation = d.generation;
  });
})();
