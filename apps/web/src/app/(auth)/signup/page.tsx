import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "~/components/auth-form";
import { pageSession } from "~/server/session";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  if ((await pageSession()).current) redirect("/dashboard");
  const deleted = (await searchParams).deleted === "1";
  return (
    <main id="main" className="auth-page">
      <Link href="/" className="brand">
        Doable
      </Link>
      <div className="card stack">
        <h1>Create your account</h1>
        {deleted && (
          <p className="notice" role="status">
            Your account and all its tasks were deleted.
          </p>
        )}
        <AuthForm mode="signup" />
      </div>
      <p className="muted">
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </main>
  );
}
