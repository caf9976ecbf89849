/** Run by `smtp-process.ts`: the test SMTP server, its address on stdout, until killed. */
import { startTestSmtpServer } from "@doable/test-support/smtp-server";

const smtp = await startTestSmtpServer();
process.stdout.write(`${smtp.url}\n`);
