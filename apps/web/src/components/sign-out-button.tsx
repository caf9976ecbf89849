"use client";

import { useState } from "react";
import { humanMessage } from "~/trpc/errors";
import { api, leavePage } from "~/trpc/react";

export function SignOutButton() {
  const [error, setError] = useState<string | null>(null);
  const signOut = api.auth.signOut.useMutation({
    // A full navigation drops every cached query of the signed-out user.
    onSuccess: () => leavePage("/signin"),
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
