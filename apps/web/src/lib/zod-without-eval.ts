import { z } from "zod";

// zod compiles fast paths with `new Function` when it may; our Content-Security-Policy forbids
// eval, so the browser would log a violation. Interpreted parsing is plenty fast for forms.
z.config({ jitless: true });
