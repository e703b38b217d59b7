// Verifies one webhook as a Node backend does, with the Standard Webhooks reference library (npm standardwebhooks).
// Input on stdin: {"secret": "whsec_…", "headers": {"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …}, "body": "…"}.
// Prints "verified <type> <webhook-id>" and exits 0, or "refused: <reason>" and exits 1. docs/webhooks.md shows the same calls.
import { Webhook } from "standardwebhooks";

const input = JSON.parse(await new Response(process.stdin).text());
try {
  // The body exactly as received (a string or a Buffer), never re-serialised JSON: the signature covers its bytes.
  const payload = new Webhook(input.secret).verify(input.body, input.headers);
  console.log(`verified ${payload.type} ${input.headers["webhook-id"]}`);
} catch (error) {
  console.log(`refused: ${error.message}`);
  process.exit(1);
}
