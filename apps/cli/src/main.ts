import { run } from "./cli";
import { exitQuietlyWhenReaderCloses, processIo } from "./io";

exitQuietlyWhenReaderCloses(process.stdout);
process.exitCode = await run(process.argv.slice(2), processIo());
