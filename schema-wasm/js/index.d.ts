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

/** The verdict on one document: `errors` is empty exactly when `valid`. */
export type Verdict = { valid: true; errors: [] } | { valid: false; errors: Violation[] };

/** A field the fleet adds to `Unicorn` later: stored as sent. */
export type UnicornField = string | boolean | number;

/** A ride record as the service stores it. */
export interface RideRecord {
  RideId: string;
  RequestTime: string;
  Unicorn: { Name: string; Color: string; DeviceId?: string } & { [field: string]: UnicornField };
}

/** The body of every error answer of the service (its openapi.json's `Error`). */
export interface ErrorAnswer {
  success: false;
  code:
    | "conflict" | "invalidRecord" | "malformedJson" | "empty" | "tooLarge" | "notFound" | "invalidRideId"
    | "methodNotAllowed" | "unsupportedMediaType" | "badEvent" | "unavailable" | "internal"
    | "deadLetterUnavailable" | "deferred" | "forbidden" | "timeout" | "unreadableRequest" | "headersTooLarge"
    | "uriTooLong";
  message: string;
  /** Every violation, for a refused record or RideId. */
  errors?: Violation[];
}

/**
 * Loads the validator (fetches and compiles the .wasm) once; every later call returns the same promise.
 * `wasm` overrides where the .wasm comes from, for a bundler that does not copy it. In Node it is ready on import.
 */
export function init(wasm?: URL | string | Response | BufferSource): Promise<void>;

/** Validates a JSON string (as sent) or a plain object (as `JSON.stringify` would send it).
 *  Throws until `init()` has resolved. */
export function validateRideRecord(input: string | RideRecord | Record<string, unknown>): Verdict;

/** The ride-record JSON Schema (draft 2020-12) the validator enforces. Throws until `init()` has resolved. */
export function schema(): Record<string, unknown>;

/** The validator's crate version. Throws until `init()` has resolved. */
export function version(): string;
