import { handleTRPCRequest } from "~/server/trpc-handler";

export const dynamic = "force-dynamic";

export { handleTRPCRequest as GET, handleTRPCRequest as POST };
