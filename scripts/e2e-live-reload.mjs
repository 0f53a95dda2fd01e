#!/usr/bin/env node
// Headless-Chromium test of `bantin serve`'s live reload: opens an article, edits its Markdown
// on disk and sees the page update with no action; changes the stylesheet and sees it swapped
// without a reload; breaks the front matter and sees the error overlay, fixes it and sees the
// overlay go.
//
// Usage: node scripts/e2e-live-reload.mjs [BANTIN]   (default: target/debug/bantin)
// Env:   E2E_TOOLS  folder whose node_modules has playwright-core (default target/e2e)
//        CHROMIUM   the browser (default /usr/bin/chromium); nothing is downloaded
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const bantin = path.resolve(process.argv[2] || "target/debug/bantin");
if (!fs.existsSync(bantin)) {
  console.error(`usage: e2e-live-reload.mjs [BANTIN] (${bantin} does not exist; cargo build first)`);
  process.exit(2);
}
const tools = path.resolve(process.env.E2E_TOOLS || "target/e2e");
const { chromium } = createRequire(path.join(tools, "package.json"))("playwright-core");

// A small site.
const site = fs.mkdtempSync(path.join(os.tmpdir(), "bantin-live-"));
const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
  fs.writeFileSync(path.join(site, rel), text);
};
const article = (body, date = "2025-01-25") =>
  `---\ntitle: Bài viết thử\ndate: ${date}\ncategory: Thời sự\nsummary: Tóm tắt.\n---\n${body}\n`;
write("site.yaml", "title: Bản tin thử\nlanguage: vi\ncategories:\n  - name: Thời sự\n");
write("content/thoi-su/bai.md", article("Nội dung ban đầu."));
write("content/thoi-su/khac.md", article("Bài khác.", "2025-01-20").replace("Bài viết thử", "Bài khác"));

// bantin serve on a free port; the URL is the line it prints.
const server = spawn(bantin, ["serve", "-r", site, "-p", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let stderr = "";
server.stderr.on("data", (d) => (stderr += d));
const origin = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`bantin serve printed no URL: ${stderr}`)), 60000);
  readline.createInterface({ input: server.stdout }).on("line", (line) => {
    const m = line.match(/^serving (http:\/\/\S+?)\/? /);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on("exit", (code) => reject(new Error(`bantin serve exited (${code}): ${stderr}`)));
});

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bantin-e2e-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

let passed = 0;
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (ok) passed++;
  else failed++;
};

/// Poll `probe` in the page (which may reload meanwhile) until it returns true.
async function until(page, probe, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    try {
      if (await page.evaluate(probe)) return true;
    } catch {
      // The page is reloading; try again.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

try {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The page listens for changes once its event stream answers.
  const listening = page.waitForResponse((r) => r.url().endsWith("/__bantin/events"), { timeout: 10000 });
  await page.goto(`${origin}/thoi-su/bai-viet-thu/`);
  check((await page.locator("body").innerText()).includes("Nội dung ban đầu."), "the article is served");
  await listening;

  // Edit the Markdown: the page updates by itself.
  const loads = [];
  page.on("load", () => loads.push(Date.now()));
  const saved = Date.now();
  write("content/thoi-su/bai.md", article("Nội dung **đã sửa** trong trình soạn thảo."));
  await until(page, () => document.body.innerText.includes("Nội dung đã sửa trong trình soạn thảo."),
    "the edited text");
  // The new text can be read before the reloaded page's load event fires.
  for (let i = 0; i < 100 && loads.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  check(loads.length >= 1, `editing the Markdown reloads the page by itself (${Date.now() - saved} ms)`);

  // A stylesheet change is swapped in place: no reload (a marker on window survives).
  await page.evaluate(() => (window.__stillHere = true));
  write("static/css/style.css", "body { background: rgb(1, 2, 3) }\n");
  await until(page, () => getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)",
    "the new stylesheet");
  check(await page.evaluate(() => window.__stillHere === true), "a CSS change applies without a reload");

  // Broken front matter: the overlay names the file and line; fixing it removes the overlay.
  write("content/thoi-su/bai.md", "---\ntitle: Bài viết thử\ndate: 2025-13-45\n---\nHỏng.\n");
  await until(page, () => !!document.getElementById("bantin-overlay"), "the error overlay");
  const overlay = await page.locator("#bantin-overlay").innerText();
  check(overlay.includes("content/thoi-su/bai.md:3") && overlay.includes("is not a date"),
    `the overlay shows file, line and message ("${overlay.split("\n").slice(-1)[0]}")`);
  write("content/thoi-su/bai.md", article("Đã sửa xong."));
  await until(page, () => !document.getElementById("bantin-overlay") &&
    document.body.innerText.includes("Đã sửa xong."), "the overlay to go");
  check(true, "fixing the file removes the overlay and shows the new text");
  check(errors.length === 0, `no script errors (${errors.join("; ") || "none"})`);
} catch (e) {
  check(false, String(e));
} finally {
  await context.close();
  server.kill();
  fs.rmSync(profile, { recursive: true, force: true });
  fs.rmSync(site, { recursive: true, force: true });
}
console.log(`e2e live reload: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
