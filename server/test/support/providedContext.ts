/**
 * What the vitest global setup (tests/setup/postgres.ts) hands to test files. Declared again
 * here because the server's tsconfig does not include the setup file.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server; tests create their own databases in it. */
    postgresUrl: string;
  }
}

export {};
