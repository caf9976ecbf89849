import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "~/components/forgot-password-form";
import { TRPCReactProvider } from "~/trpc/react";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <main id="main" className="auth-page">
      <Link href="/" className="brand">
        Doable
      </Link>
      <div className="card stack">
        <h1>Forgot your password?</h1>
        <p className="muted">
          Enter the email you sign in with, and we will send you a link to set a new password.
        </p>
        <TRPCReactProvider>
          <ForgotPasswordForm />
        </TRPCReactProvider>
      </div>
      <p className="muted">
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </main>
  );
}
