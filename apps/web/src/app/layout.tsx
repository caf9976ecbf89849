import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { TimeZoneCookie } from "~/components/time-zone-cookie";
import "./globals.css";

/** Every page is rendered per request: each carries its own CSP nonce (see server.ts). */
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Doable", template: "%s · Doable" },
  description: "A task manager for people who want their tasks to stay theirs.",
};

export const viewport: Viewport = {
  // Tells the browser both schemes are supported before the stylesheet arrives: no white flash in dark mode.
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f6f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0e0e12" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {/* No API client here: a page that calls the API has it from its group's layout, so the
            static pages load none of it (issue 13). */}
        {children}
        <TimeZoneCookie />
      </body>
    </html>
  );
}
