import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "~/components/auth-form";
import { PasskeySignIn } from "~/components/passkey-sign-in";
import { pageSession } from "~/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ expired?: string; reset?: string }>;
}) {
  const session = await pageSession();
  if (session.current) redirect("/dashboard");
  const params = await searchParams;
  const reset = params.reset === "1";
  const expired = !reset && (session.expired || params.expired === "1");
  return (
    <main id="main" className="auth-page">
      <Link href="/" className="brand">
        Doable
      </Link>
      <div className="card stack">
        <h1>Sign in</h1>
        {expired && (
          <p className="notice" role="status">
            Session expired. Please sign in again.
          </p>
        )}
        {reset && (
          <p className="success" role="status">
            Your password was reset. Sign in with your new password.
          </p>
        )}
        <AuthForm mode="signin" />
        <PasskeySignIn />
        <p className="small">
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </div>
      <p className="muted">
        New to Doable? <Link href="/signup">Create an account</Link>
      </p>
    </main>
  );
}
