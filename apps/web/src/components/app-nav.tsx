"use client";

import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/dashboard", label: "Tasks" },
  { href: "/trash", label: "Trash" },
  { href: "/account", label: "Account" },
] as const;

/**
 * Plain links, not next/link: each of these pages is rendered on the server anyway, and the client
 * router's link code (about 7 KB) would load with every page for a click that rarely happens
 * (docs/quality.md, the dashboard's budget).
 */
export function AppNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="app-nav">
      {LINKS.map((link) => (
        <a key={link.href} href={link.href} aria-current={pathname === link.href ? "page" : undefined}>
          {link.label}
        </a>
      ))}
    </nav>
  );
}
