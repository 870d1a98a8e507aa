// Runs axe-core in headless Chromium on each page given and prints every
// violation; exits 1 when there is one. Used by scripts/axe.sh.
//
//   node scripts/axe.mjs CHROMIUM AXE_DIR PAGE.html...
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [chromium, axeDir, ...pages] = process.argv.slice(2);
const require = createRequire(path.join(axeDir, "package.json"));
const puppeteer = require("puppeteer-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
let failed = 0;
try {
  for (const page of pages) {
    // Narrow and wide, light and dark: contrast and reflow differ.
    for (const [width, scheme] of [[390, "light"], [1280, "light"], [1280, "dark"]]) {
      const tab = await browser.newPage();
      await tab.setViewport({ width, height: 900 });
      await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      await tab.goto(pathToFileURL(path.resolve(page)).href, { waitUntil: "load" });
      await tab.addScriptTag({ content: axeSource });
      const result = await tab.evaluate(async () =>
        // eslint-disable-next-line no-undef
        await axe.run(document, { resultTypes: ["violations"] })
      );
      for (const v of result.violations) {
        failed += 1;
        const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ");
        console.log(`${page} (${width}px, ${scheme}): [${v.impact}] ${v.id}: ${v.help} — ${where}`);
      }
      console.log(
        `${page} (${width}px, ${scheme}): ${result.violations.length} violation(s), ${result.passes?.length ?? 0} rules passed`
      );
      await tab.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`axe-core: ${failed} violation(s) in ${pages.length} page(s)`);
process.exit(failed ? 1 : 0);
