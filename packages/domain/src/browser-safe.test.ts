import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const sourceDirectory = new URL("./", import.meta.url);
const sources = readdirSync(sourceDirectory).filter(
  (file) => file.endsWith(".ts") && !file.endsWith(".test.ts"),
);

/**
 * Two pure-JavaScript libraries that browsers run too (rrule needs only tslib), each used
 * by one file that the package's index does not export (the web app loads them on first use).
 */
const LIBRARIES: Readonly<Record<string, string>> = {
  "recurrence.ts": "rrule",
  "quick-add.ts": "chrono-node/en",
};

describe("@doable/domain", () => {
  it("imports nothing but its own files (and its two libraries), so browsers, the CLI and the database can all load it", () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const text = readFileSync(new URL(file, sourceDirectory), "utf8");
      const specifiers = [
        ...text.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g),
      ].map((match) => match[1] ?? match[2]);
      for (const specifier of specifiers) {
        if (specifier === LIBRARIES[file]) continue;
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\//);
      }
    }
  });

  it("keeps the libraries out of the index", () => {
    const index = readFileSync(new URL("index.ts", sourceDirectory), "utf8");
    expect(index).not.toMatch(/\.\/(recurrence|quick-add)"/);
  });

  it("uses no Node or browser globals", () => {
    for (const file of sources) {
      const text = readFileSync(new URL(file, sourceDirectory), "utf8");
      expect(text, file).not.toMatch(/\b(process|Buffer|window|document|require)\b[.(]/);
    }
  });
});
