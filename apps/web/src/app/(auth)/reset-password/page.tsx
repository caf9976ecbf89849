import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "~/components/reset-password-form";
import { TRPCReactProvider } from "~/trpc/react";

// The URL carries the emailed token: no Referer leaves this page (server.ts sends the header too).
export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

export default function ResetPasswordPage() {
  return (
    <main id="main" className="auth-page">
      <Link href="/" className="brand">
        Doable
      </Link>
      <div className="card stack">
        <h1>Set a new password</h1>
        <TRPCReactProvider>
          <ResetPasswordForm />
        </TRPCReactProvider>
      </div>
    </main>
  );
}
