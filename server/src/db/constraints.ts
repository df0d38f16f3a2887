/**
 * Recognises a unique-constraint violation from either engine, so a race between the
 * "is it taken?" check and the insert still answers `conflict` rather than a 500.
 */

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  // PostgreSQL: SQLSTATE 23505 unique_violation; better-sqlite3: extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
