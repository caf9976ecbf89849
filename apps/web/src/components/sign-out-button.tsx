"use client";

import { useState } from "react";
import { humanMessage } from "~/trpc/errors";
import { api, leavePage } from "~/trpc/react";
import { indexedDbOutbox, outboxAvailable } from "./dashboard/outbox";

/** Nothing of the user stays in the browser: changes still waiting in the outbox go too. */
async function forgetUser(userId: string): Promise<void> {
  if (outboxAvailable()) await indexedDbOutbox.clearUser(userId).catch(() => undefined);
}

export function SignOutButton({ userId }: { userId: string }) {
  const [error, setError] = useState<string | null>(null);
  const signOut = api.auth.signOut.useMutation({
    // A full navigation drops every cached query of the signed-out user.
    onSuccess: () => void forgetUser(userId).then(() => leavePage("/signin")),
    onError: (cause) => setError(humanMessage(cause)),
  });
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        Sign out
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </>
  );
}
