// Runs in the browser before the app's own code.
import { z } from "zod";

// zod compiles fast validators with `new Function` unless told not to; the
// Content-Security-Policy allows no eval (lib/security-headers.ts), and even the attempt
// would be reported as a violation.
z.config({ jitless: true });
