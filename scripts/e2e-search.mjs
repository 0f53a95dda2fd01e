#!/usr/bin/env node
// Headless-Chromium test of the search page on a built site: types a query without tones and
// checks that the expected article comes first, that opening /search/?q=... (the plain GET
// form) gives the same, and that no request leaves the site.
//
// Usage: node scripts/e2e-search.mjs SITE_DIR [--base-path /] [--query "hy vong moi"]
//                                             [--expect "Hy vọng mới cho AI châu Âu"]
// Env:   E2E_TOOLS  folder whose node_modules has playwright-core (default target/e2e)
//        CHROMIUM   the browser (default /usr/bin/chromium); nothing is downloaded
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args.splice(i, 2)[1] : dflt;
};
const basePath = opt("--base-path", "/");
const query = opt("--query", "hy vong moi");
const expect = opt("--expect", "Hy vọng mới cho AI châu Âu sau thành công của DeepSeek");
const siteDir = args[0] && path.resolve(args[0]);
if (!siteDir || !fs.existsSync(path.join(siteDir, "search", "index.html"))) {
  console.error("usage: e2e-search.mjs SITE_DIR (a built site with search/index.html)");
  process.exit(2);
}
const tools = path.resolve(process.env.E2E_TOOLS || "target/e2e");
const { chromium } = createRequire(path.join(tools, "package.json"))("playwright-core");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".xml": "application/xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".svg": "image/svg+xml", ".txt": "text/plain",
};

// The built folder served at basePath, as a static host would.
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  let rel = decodeURIComponent(url.pathname);
  if (!rel.startsWith(basePath)) rel = "/404.html";
  else rel = "/" + rel.slice(basePath.length);
  let file = path.join(siteDir, path.normalize(rel));
  if (file.endsWith(path.sep) || (fs.existsSync(file) && fs.statSync(file).isDirectory())) {
    file = path.join(file, "index.html");
  }
  let status = 200;
  // (path.normalize of an absolute path cannot climb above siteDir.)
  if (!fs.existsSync(file)) {
    file = path.join(siteDir, "404.html");
    status = 404;
  }
  res.writeHead(status, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bantin-e2e-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failed = true;
};

try {
  const page = context.pages()[0] || (await context.newPage());
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  const searchUrl = `${origin}${basePath}search/`;
  await page.goto(searchUrl);
  await page.locator("#search-q").pressSequentially(query, { delay: 30 });
  const first = page.locator("#search-results li").first();
  await first.waitFor({ timeout: 10000 });
  const title = (await first.locator("h2").innerText()).trim();
  check(title === expect, `typing "${query}" puts "${expect}" first (got "${title}")`);
  const href = await first.locator("a").getAttribute("href");
  check(href && href.startsWith(basePath), `the result links into the site (${href})`);
  const status = (await page.locator("#search-status").innerText()).trim();
  check(/^\d+ /.test(status), `the status line counts the results ("${status}")`);
  check(new URL(page.url()).searchParams.get("q") === query, "the query is kept in the URL");
  const shown = await page.locator("#search-results li").count();
  const moreHidden = await page.locator("#search-more").isHidden();
  check(shown <= 20 && moreHidden === (Number(status.split(" ")[0]) <= shown),
    `20 results at most at first, "more" only when there are others (${shown} shown)`);

  // The plain GET form's URL gives the same answer when the page is opened.
  await page.goto(`${searchUrl}?q=${encodeURIComponent(query)}`);
  await page.locator("#search-results li").first().waitFor({ timeout: 10000 });
  const again = (await page.locator("#search-results li h2").first().innerText()).trim();
  check(again === expect, `opening ?q=${query} also puts it first`);

  // Nothing matches: a message, no results.
  await page.locator("#search-q").fill("zzqxj khong co");
  await page.locator("#search-q").press("Enter");
  await page.waitForFunction(() => document.querySelector("#search-status").textContent !== "" &&
    document.querySelectorAll("#search-results li").length === 0, null, { timeout: 10000 });
  check(true, "a query that matches nothing shows a message and no results");

  const outside = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"));
  check(outside.length === 0, `no request leaves the site (${outside.join(", ") || "none"})`);
  check(errors.length === 0, `no script errors (${errors.join("; ") || "none"})`);
} catch (e) {
  check(false, String(e));
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
