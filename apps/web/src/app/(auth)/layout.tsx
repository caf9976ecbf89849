import type { ReactNode } from "react";
import { TRPCReactProvider } from "~/trpc/react";

/** The sign-in, sign-up and recovery forms call the API; the pages outside these groups do not. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
