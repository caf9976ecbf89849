"use client";

import { SECOND_MS } from "@doable/domain";
import { useEffect, useState } from "react";
import type { UndoOffer } from "./undo-offer";

/** How long "Undo" is offered (DESIGN: 10 s); the trash keeps the tasks for 30 days anyway. */
export const UNDO_WINDOW_MS = 10 * SECOND_MS;

/**
 * "Moved to the trash" with "Undo", for UNDO_WINDOW_MS. The time stops while the pointer or the
 * focus is on the toast, so nobody loses the chance while reaching for the button (WCAG 2.2.1).
 */
export function UndoToast({
  offer,
  onUndo,
  onDismiss,
}: {
  offer: Pick<UndoOffer, "message">;
  onUndo: () => void;
  onDismiss: () => void;
}) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(onDismiss, UNDO_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [offer, held, onDismiss]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover and focus only pause the timer; the buttons do the work.
    <div
      className="toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span>{offer.message}</span>
      <button type="button" className="secondary" onClick={onUndo}>
        Undo
      </button>
      <button type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
