/** Where the main process reports problems. Never given request payloads: they may hold personal data. */
export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;
