/** One broken rule, as the ride-record service's 400 answer lists it. */
export interface Violation {
  /** JSON Pointer to the offending field; a missing property is pointed at itself (`/Unicorn/Name`). */
  pointer: string;
  /** Stable machine code: the JSON Schema keyword (`required`, `pattern`, ...), `calendarDate`, or for
   *  input that is not a JSON document `malformedJson`, `empty`, `tooLarge`. */
  code: string;
  /** Human-readable text, e.g. "Name is required". */
  message: string;
}

export interface Verdict {
  valid: boolean;
  /** Every violation, sorted by pointer then code; empty when `valid`. */
  errors: Violation[];
}

/** A ride record as the service stores it. */
export interface RideRecord {
  RideId: string;
  RequestTime: string;
  Unicorn: { Name: string; Color: string; DeviceId?: string; [field: string]: string | boolean | number | undefined };
}

/** Validates a JSON string (as sent) or a plain object (as `JSON.stringify` would send it). */
export function validateRideRecord(input: string | RideRecord | Record<string, unknown>): Verdict;

/** The ride-record JSON Schema (draft 2020-12) the validator enforces. */
export const schema: Record<string, unknown>;

/** The validator's crate version. */
export const version: string;
