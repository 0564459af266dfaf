import { v7 as uuidv7 } from 'uuid';

/** Ids are UUIDv7: unique across installations (a later sync merges databases) and time-ordered. */
export const newId = (): string => uuidv7();
