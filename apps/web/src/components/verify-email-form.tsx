"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { takeTokenFromUrl } from "~/lib/token-from-url";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";

/**
 * Confirms an address with the emailed link. A button, not on page load: mail scanners open
 * links, and must not use them up (or confirm an address for someone).
 */
export function VerifyEmailForm() {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const verify = api.auth.verifyEmail.useMutation();
  useEffect(() => setToken(takeTokenFromUrl()), []);

  if (token === null) {
    return (
      <p className="alert" role="alert">
        This link is incomplete. Open the link from the email again.
      </p>
    );
  }
  if (verify.isSuccess) {
    return (
      <p className="success" role="status">
        {verify.data.changed
          ? `Your email address is now ${verify.data.email}.`
          : `${verify.data.email} is confirmed.`}{" "}
        <Link href="/account">Go to your account</Link>
      </p>
    );
  }
  return (
    <div className="stack">
      <div role="alert" className="alert">
        {verify.isError ? humanMessage(verify.error) : null}
      </div>
      <button
        type="button"
        disabled={token === undefined || verify.isPending}
        onClick={() => token && verify.mutate({ token })}
      >
        {verify.isPending ? "Confirming…" : "Confirm email address"}
      </button>
    </div>
  );
}
