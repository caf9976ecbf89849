import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: migrations are SQL files reviewed and committed, never pushed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./migrations",
  casing: "snake_case",
});
