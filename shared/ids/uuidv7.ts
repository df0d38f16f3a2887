import { v7 } from 'uuid';

/** Entity ids are UUIDv7 generated on the PC; their time part is never used for ordering. */
export function newId(): string {
  return v7();
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
