"use client";

import { useId } from "react";

const DOWNLOAD_NAME = "doable-recovery-codes.txt";

function recoveryCodesText(codes: readonly string[]): string {
  return [
    "Doable recovery codes",
    "Each code signs you in once in place of a code from your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** Saves the codes as a text file, made in the browser (nothing leaves it). */
function download(codes: readonly string[]): void {
  const url = URL.createObjectURL(new Blob([recoveryCodesText(codes)], { type: "text/plain" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = DOWNLOAD_NAME;
  link.click();
  URL.revokeObjectURL(url);
}

/** The recovery codes, shown once right after they were made; they cannot be shown again. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const id = useId();
  return (
    <section className="stack" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Your recovery codes</h3>
      <p>
        Keep these somewhere safe. Each one signs you in once if you lose your authenticator app. They will
        not be shown again.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="secondary" onClick={() => download(codes)}>
          Download
        </button>
        <button type="button" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </section>
  );
}
