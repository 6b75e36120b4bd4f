import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations for schema changes into drizzle/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/core/db/schema.ts',
  out: './drizzle',
});
