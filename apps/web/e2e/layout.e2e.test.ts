/**
 * Layout and keyboard checks that axe-core cannot make: nothing scrolls sideways at 360 px,
 * every control can be reached by pointer and by Tab, every control shows a visible focus ring
 * when focused from the keyboard, and the colour scheme follows `prefers-color-scheme`.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newContext, useApp } from "./fixtures";
import {
  createPageUsers,
  openPageState,
  PAGE_STATES,
  type PageState,
  type PageUsers,
  SCHEMES,
  type Scheme,
  VIEWPORTS,
  type ViewportName,
} from "./pages";

const app = useApp();
let users: PageUsers;

beforeAll(async () => {
  users = await createPageUsers(app);
});

/** WCAG 2.4.13 / 1.4.11: a focus indicator needs 3:1 against what surrounds it. */
const MIN_RING_CONTRAST = 3;
const MIN_RING_WIDTH_PX = 2;
const MAX_TAB_PRESSES = 150;

async function open(state: PageState, scheme: Scheme, size: ViewportName): Promise<Page> {
  const cookie = state.user ? users[state.user].cookie : null;
  const context = await newContext(app, cookie, { colorScheme: scheme, viewport: VIEWPORTS[size] });
  const page = await context.newPage();
  await openPageState(page, state);
  return page;
}

/** Marks every visible, enabled control with `data-control` and describes it. */
function markControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
    const describe = (element: HTMLElement) => {
      const labels = (element as HTMLInputElement).labels;
      const name =
        element.getAttribute("aria-label") ??
        labels?.[0]?.textContent ??
        element.textContent?.trim().slice(0, 40) ??
        "";
      return `${element.tagName.toLowerCase()} "${name}"`;
    };
    const controls: string[] = [];
    // While a modal dialog is open, the page behind it is inert: only the dialog's controls count.
    const modal = document.querySelector("dialog:modal");
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (modal && !modal.contains(element)) continue;
      const disabled = (element as HTMLButtonElement).disabled === true;
      // The skip link is off screen until focused: it is reached by Tab, not by pointer.
      const visible = element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      if (disabled || (!visible && !element.classList.contains("skip-link"))) continue;
      element.dataset.control = String(controls.length);
      element.dataset.controlName = describe(element);
      controls.push(element.dataset.controlName);
    }
    return controls;
  });
}

/** Controls a pointer cannot hit at their centre (off screen sideways or covered by something else). */
function unreachableByPointer(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("[data-control]")) {
      if (element.classList.contains("skip-link")) continue;
      element.scrollIntoView({ block: "center", inline: "center" });
      const rect = element.getBoundingClientRect();
      const name = element.dataset.controlName;
      if (rect.left < 0 || rect.right > document.documentElement.clientWidth) {
        problems.push(
          `${name} sticks out of the viewport (${Math.round(rect.left)}..${Math.round(rect.right)})`,
        );
        continue;
      }
      const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      const label = hit?.closest("label");
      const hitsIt = hit && (element.contains(hit) || (label && label.htmlFor === element.id));
      if (!hitsIt) problems.push(`${name} is covered by ${hit?.tagName.toLowerCase()}.${hit?.className}`);
    }
    window.scrollTo(0, 0);
    return problems;
  });
}

interface FocusStop {
  control: string | null;
  description: string;
  problem: string | null;
}

/**
 * The focused element's focus ring: visible (an outline or a box shadow), wide enough, with
 * 3:1 contrast against the background around it, and inside the viewport.
 */
function inspectFocus(page: Page, minWidth: number, minContrast: number): Promise<FocusStop | null> {
  return page.evaluate(
    ({ minWidth, minContrast }) => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const parse = (color: string) => {
        const match = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
        return { r: match[0] ?? 0, g: match[1] ?? 0, b: match[2] ?? 0, a: match[3] ?? 1 };
      };
      const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
        const channel = (value: number) => {
          const c = value / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const contrast = (a: string, b: string) => {
        const [high, low] = [luminance(parse(a)), luminance(parse(b))].sort((x, y) => y - x) as [
          number,
          number,
        ];
        return (high + 0.05) / (low + 0.05);
      };
      const backgroundAround = (start: Element | null) => {
        for (let node = start; node; node = node.parentElement) {
          const background = getComputedStyle(node).backgroundColor;
          if (parse(background).a > 0.5) return background;
        }
        return "rgb(255, 255, 255)";
      };

      const style = getComputedStyle(element);
      const description = element.dataset.controlName ?? element.tagName.toLowerCase();
      const around = backgroundAround(element.parentElement);
      const outlineWidth = Number.parseFloat(style.outlineWidth);
      let problem: string | null = null;
      if (style.outlineStyle !== "none" && outlineWidth > 0) {
        const ratio = contrast(style.outlineColor, around);
        if (outlineWidth < minWidth) problem = `focus outline is only ${outlineWidth}px wide`;
        else if (ratio < minContrast)
          problem = `focus outline ${style.outlineColor} on ${around} has contrast ${ratio.toFixed(2)}`;
      } else if (style.boxShadow === "none") {
        problem = "no focus outline or box shadow";
      }
      const rect = element.getBoundingClientRect();
      const { clientWidth, clientHeight } = document.documentElement;
      if (
        !problem &&
        (rect.right <= 0 || rect.left >= clientWidth || rect.bottom <= 0 || rect.top >= clientHeight)
      )
        problem = "focused but off screen";
      return { control: element.dataset.control ?? null, description, problem };
    },
    { minWidth, minContrast },
  );
}

describe("at 360 px wide", () => {
  it.each(PAGE_STATES)(
    "$name ($path) does not scroll sideways and every control can be hit",
    async (state) => {
      const page = await open(state, "light", "phone");
      try {
        const overflow = await page.evaluate(() => {
          const root = document.scrollingElement ?? document.documentElement;
          const wide = [...document.querySelectorAll<HTMLElement>("body *")]
            .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 0.5)
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
            .slice(0, 5);
          return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
        });
        expect(
          overflow.scrollWidth,
          `scrolls sideways; wider than the viewport: ${overflow.wide.join(", ")}`,
        ).toBeLessThanOrEqual(overflow.clientWidth);
        await markControls(page);
        expect(await unreachableByPointer(page)).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );
});

describe.each(
  SCHEMES.flatMap((scheme) => (Object.keys(VIEWPORTS) as ViewportName[]).map((size) => ({ scheme, size }))),
)("keyboard focus, $scheme, $size", ({ scheme, size }) => {
  it.each(PAGE_STATES)(
    "$name ($path): Tab reaches every control, each with a visible focus ring",
    async (state) => {
      const page = await open(state, scheme, size);
      try {
        const controls = await markControls(page);
        const reached = new Set<string>();
        const problems: string[] = [];
        // A state may start with focus inside the page (an editor that just opened): that control
        // counts as reached, and the walk goes round the whole cycle from there.
        const start = await page.evaluate(
          () => (document.activeElement as HTMLElement | null)?.dataset.control,
        );
        if (start) reached.add(start);
        let first: string | null = null;
        let previous: string | null = null;
        let wraps = 0;
        for (let press = 0; press < MAX_TAB_PRESSES && wraps < 2; press++) {
          await page.keyboard.press("Tab");
          const stop = await inspectFocus(page, MIN_RING_WIDTH_PX, MIN_RING_CONTRAST);
          if (!stop) {
            // Focus left the document: the walk comes round to the start.
            if (previous !== null) wraps++;
            previous = null;
            continue;
          }
          const key = stop.control ?? stop.description;
          if (key === first) break;
          first ??= key;
          if (key === previous) continue; // a date input's day, month and year are one control
          previous = key;
          if (stop.control) reached.add(stop.control);
          if (stop.problem) problems.push(`${stop.description}: ${stop.problem}`);
        }
        const missed = controls.filter((_, index) => !reached.has(String(index)));
        expect(problems, "controls without a visible focus ring").toEqual([]);
        expect(missed, "controls Tab never reached").toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );
});

describe("colour scheme", () => {
  it.each(PAGE_STATES.filter((state) => !state.prepare))(
    "$name ($path) follows prefers-color-scheme",
    async (state) => {
      const colours: Record<Scheme, { background: string; text: string; lightness: number }> = {} as never;
      for (const scheme of SCHEMES) {
        const page = await open(state, scheme, "desktop");
        colours[scheme] = await page.evaluate(() => {
          const style = getComputedStyle(document.body);
          const [r = 0, g = 0, b = 0] = style.backgroundColor.match(/[\d.]+/g)?.map(Number) ?? [];
          return { background: style.backgroundColor, text: style.color, lightness: (r + g + b) / 3 / 255 };
        });
        await page.context().close();
      }
      expect(colours.dark.background).not.toBe(colours.light.background);
      expect(colours.dark.text).not.toBe(colours.light.text);
      expect(colours.light.lightness).toBeGreaterThan(0.8);
      expect(colours.dark.lightness).toBeLessThan(0.2);
    },
  );
});
