/** drizzle-kit config for the license service's own database: `npx drizzle-kit generate --config licensing/service/db/drizzle.config.ts`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './licensing/service/db/schema.ts',
  out: './licensing/service/db/migrations',
});
