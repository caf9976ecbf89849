import { run } from "./cli";
import { processIo } from "./io";

process.exitCode = await run(process.argv.slice(2), processIo());
