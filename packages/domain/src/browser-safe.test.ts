import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const sourceDirectory = new URL("./", import.meta.url);
const sources = readdirSync(sourceDirectory).filter(
  (file) => file.endsWith(".ts") && !file.endsWith(".test.ts"),
);

describe("@doable/domain", () => {
  it("imports nothing but its own files, so browsers, the CLI and the database can all load it", () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const text = readFileSync(new URL(file, sourceDirectory), "utf8");
      const specifiers = [
        ...text.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g),
      ].map((match) => match[1] ?? match[2]);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\//);
    }
  });

  it("uses no Node or browser globals", () => {
    for (const file of sources) {
      const text = readFileSync(new URL(file, sourceDirectory), "utf8");
      expect(text, file).not.toMatch(/\b(process|Buffer|window|document|require)\b[.(]/);
    }
  });
});
