import type { CommandSpec, ParsedArgs } from "./args";
import type { CommandContext } from "./context";

export interface Command {
  spec: CommandSpec;
  run(context: CommandContext, args: ParsedArgs): Promise<void>;
}
