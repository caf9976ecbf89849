import type { Metadata } from "next";
import Link from "next/link";
import { VerifyEmailForm } from "~/components/verify-email-form";
import { TRPCReactProvider } from "~/trpc/react";

// The URL carries the emailed token: no Referer leaves this page (server.ts sends the header too).
export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

export default function VerifyEmailPage() {
  return (
    <main id="main" className="auth-page">
      <Link href="/" className="brand">
        Doable
      </Link>
      <div className="card stack">
        <h1>Confirm your email address</h1>
        <TRPCReactProvider>
          <VerifyEmailForm />
        </TRPCReactProvider>
      </div>
    </main>
  );
}
