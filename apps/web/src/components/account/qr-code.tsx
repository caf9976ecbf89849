"use client";

import { useEffect, useState } from "react";

/** Big enough to scan from a screen at arm's length. */
const QR_CODE_SIZE_PX = 200;

/**
 * `text` as a QR code, drawn in the browser as an SVG data URL (the Content-Security-Policy
 * allows `data:` images; nothing goes to an outside service). The library loads only when a
 * code is shown.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void import("qrcode").then(async (qrcode) => {
      const svg = await qrcode.toString(text, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
      if (current) setSource(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [text]);
  if (source === null) return <p className="muted">Drawing the QR code…</p>;
  return (
    <img className="qr-code" src={source} alt={label} width={QR_CODE_SIZE_PX} height={QR_CODE_SIZE_PX} />
  );
}
