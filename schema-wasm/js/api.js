// The JavaScript API over the wasm exports: one shape for the browser and Node entries.
export function makeApi(bindings) {
  /**
   * Validates a ride record given as a JSON string (checked byte for byte as the service would
   * receive its UTF-8) or as a plain object (checked as JSON.stringify sends it).
   */
  function validateRideRecord(input) {
    const text = typeof input === "string" ? input : JSON.stringify(input) ?? "";
    const violations = bindings.violationsJson(text);
    return violations === undefined
      ? { valid: true, errors: [] }
      : { valid: false, errors: JSON.parse(violations) };
  }
  return {
    validateRideRecord,
    schema: JSON.parse(bindings.schemaJson()),
    version: bindings.crateVersion(),
  };
}

/** What a call before `init()` has resolved gets: an error saying what to do, never a verdict. */
export function notInitialised() {
  throw new Error(
    "@wild-rydes/ride-record-schema is not initialised: call `await init()` once before validateRideRecord()",
  );
}
