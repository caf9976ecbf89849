"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";

/** Any page that fails to render: a human message and a way to try again, never a blank page. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const router = useRouter();
  return (
    <main id="main" className="container">
      <div className="card stack error-page" role="alert">
        <h1>This page could not be loaded</h1>
        <p className="muted">
          Doable may be temporarily unavailable. Your tasks are safe; please try again in a moment.
        </p>
        {error.digest && <p className="small muted">Reference: {error.digest}</p>}
        <div className="row">
          <button
            type="button"
            onClick={() =>
              startTransition(() => {
                router.refresh();
                reset();
              })
            }
          >
            Try again
          </button>
          {/* A plain link, not next/link: leaving a failed page with a full load starts afresh, and
              this boundary, part of every page, then carries no copy of the router's link code
              (Turbopack put one in its chunk beside the page's own: 7 KB twice, issue 13). */}
          <a className="button secondary" href="/">
            Go to the home page
          </a>
        </div>
      </div>
    </main>
  );
}
