/**
 * A stand-in for the browser's Notification API: headless Chromium shows no notifications, so
 * the page's requests to show one are recorded, and notifications count as allowed.
 */
import type { Page } from "playwright-core";

export interface ShownNotification {
  title: string;
  tag: string | undefined;
}

/** For `ContextOptions.initScript`: runs before the page's own scripts. */
export const NOTIFICATION_STAND_IN = `
  window.shownNotifications = [];
  window.Notification = class {
    static permission = "granted";
    static requestPermission() { return Promise.resolve("granted"); }
    constructor(title, options) { window.shownNotifications.push({ title, tag: options && options.tag }); }
    addEventListener() {}
    close() {}
  };
`;

/** Every notification the page asked for, in order. */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(
    () => (window as unknown as { shownNotifications: ShownNotification[] }).shownNotifications,
  );
}
