// drizzle-kit configuration: `npm run db:generate` diffs db/schema.ts against the last
// snapshot and writes a new SQL migration under db/migrations (commit it).
// Hand-written SQL (triggers, functions): `npx drizzle-kit generate --custom --name <what>`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  schema: './db/schema.ts',
  out: './db/migrations',
  dialect: 'postgresql',
  strict: true,
  verbose: true,
});
