import type { Metadata } from "next";
import { ChangePasswordForm } from "~/components/account/change-password-form";
import { DeleteAccountForm } from "~/components/account/delete-account-form";
import { EmailSettings } from "~/components/account/email-settings";
import { PasskeySettings } from "~/components/account/passkey-settings";
import { ProfileForm } from "~/components/account/profile-form";
import { SecurityActivity } from "~/components/account/security-activity";
import { SessionsList } from "~/components/account/sessions-list";
import { TimeZoneForm } from "~/components/account/time-zone-form";
import { TwoFactorSettings } from "~/components/account/two-factor-settings";
import { requireSession } from "~/server/session";
import { requestTimeZone } from "~/server/time-zone";
import { HydrateClient, serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  await requireSession();
  // The browser's zone, for the moments listed below; due dates follow the account's (TimeZoneForm).
  const timeZone = await requestTimeZone();
  await Promise.all([
    serverApi.auth.me.prefetch(),
    serverApi.account.emailStatus.prefetch(),
    serverApi.account.sessions.prefetch(),
    serverApi.account.twoFactor.status.prefetch(),
    serverApi.account.passkeys.list.prefetch(),
    serverApi.account.securityActivity.prefetch(),
  ]);
  return (
    <HydrateClient>
      <div className="stack">
        <h1>Account</h1>
        <ProfileForm />
        <TimeZoneForm />
        <EmailSettings />
        <ChangePasswordForm />
        <TwoFactorSettings />
        <PasskeySettings timeZone={timeZone} />
        <SessionsList timeZone={timeZone} />
        <SecurityActivity timeZone={timeZone} />
        <section className="card stack" aria-labelledby="import-export-heading">
          <h2 id="import-export-heading">Your tasks as a file</h2>
          <p className="muted">
            Download every task as JSON or CSV, or add tasks from such a file or from a Todoist export.
          </p>
          <p>
            <a href="/import-export">Import and export</a>
          </p>
        </section>
        <DeleteAccountForm />
      </div>
    </HydrateClient>
  );
}
