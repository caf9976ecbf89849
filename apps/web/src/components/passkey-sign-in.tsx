"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { assertPasskey, passkeyErrorMessage } from "~/lib/passkeys";
import { api } from "~/trpc/react";

/**
 * "Sign in with a passkey" on /signin: any of this site's passkeys, no email needed (discoverable
 * credentials). A passkey is both factors, so no code follows (docs/decisions/0036).
 */
export function PasskeySignIn() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const begin = api.auth.passkey.begin.useMutation();
  const finish = api.auth.passkey.finish.useMutation();

  async function signIn(): Promise<void> {
    setPending(true);
    setError(null);
    try {
      const options = await begin.mutateAsync({ transport: "cookie" });
      const response = await assertPasskey(options);
      await finish.mutateAsync({ response });
      router.replace("/dashboard");
      router.refresh();
    } catch (cause) {
      setError(passkeyErrorMessage(cause));
      setPending(false);
    }
  }

  return (
    <div className="stack">
      <div role="alert" className="alert">
        {error}
      </div>
      <button
        type="button"
        className="secondary"
        onClick={() => void signIn()}
        disabled={pending}
        aria-busy={pending}
      >
        Sign in with a passkey
      </button>
    </div>
  );
}
