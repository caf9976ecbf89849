import type { ReactNode } from "react";
import { AppNav } from "~/components/app-nav";
import { SignOutButton } from "~/components/sign-out-button";
import { requireSession } from "~/server/session";
import { TRPCReactProvider } from "~/trpc/react";

/** Every page in this group needs a session verified against the database (not just a cookie). */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession();
  return (
    <TRPCReactProvider>
      <header className="app-header">
        <div className="container">
          {/* Plain links in the signed-in pages, as in AppNav: no client router link code to load. */}
          <a href="/dashboard" className="brand">
            Doable
          </a>
          <AppNav />
          <div className="row">
            <span className="signed-in-as">
              Signed in as <strong>{user.name ?? user.email}</strong>
            </span>
            <SignOutButton userId={user.id} />
          </div>
        </div>
      </header>
      <main id="main" className="container">
        {children}
      </main>
    </TRPCReactProvider>
  );
}
